"""JupyterHub for a class on one machine: every student a system user with a private home.

Run as root from the environment where otlab is installed (pip install ".[hub]"):

    jupyterhub -f deploy/single-server/jupyterhub_config.py

Students log in with their system account (PAM); their server runs as them, with the course
copied into ~/otlab on first start (deploy/otlab-start). Put HTTPS in front (nginx, Caddy) or
set c.JupyterHub.ssl_cert / ssl_key. Size: about 1 GB of memory per active student.
"""

import sys
from pathlib import Path

c = get_config()  # noqa: F821 (JupyterHub provides get_config)

HERE = Path(__file__).resolve().parent
ENV = Path(sys.prefix)  # the environment that runs the hub also runs the students' servers

c.JupyterHub.bind_url = "http://:8000"
# Students, one system user each (`useradd -m <name>` and a password); the lecturer is admin.
students = HERE / "students.txt"
if students.exists():
    c.Authenticator.allowed_users = set(students.read_text().split())
c.Authenticator.admin_users = {"lecturer"}

c.Spawner.cmd = [str(HERE.parent / "otlab-start"), str(ENV / "bin" / "jupyterhub-singleuser")]
c.Spawner.environment = {
    "OTLAB_COURSE_SOURCE": str(ENV / "share" / "otlab" / "notebooks"),
    "PATH": f"{ENV / 'bin'}:/usr/local/bin:/usr/bin:/bin",
}
c.Spawner.default_url = "/lab/tree/otlab"
c.Spawner.notebook_dir = "~"
# A student idle for an hour frees their memory (jupyterhub-idle-culler does it more gently).
c.ServerApp.shutdown_no_activity_timeout = 3600
c.MappingKernelManager.cull_idle_timeout = 3600
