"""Which Jupyter kernel runs the notebooks, however otlab was installed.

``make lab`` registers a kernel named ``otlab``; ``pip install .`` and conda do not. The
notebooks themselves ask for the standard ``python3`` kernel, which every environment with
ipykernel offers, so JupyterLab opens them with no kernel dialog. ``otlab tour`` and
``otlab present`` pick, in this order: the kernel named by ``--kernel``; the registered
``otlab`` kernel; the Python that runs the command. They say which one they use.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import dataclass

from jupyter_client.kernelspec import KernelSpec, KernelSpecManager, NoSuchKernel

from otlab._validation import describe, fail

KERNEL = "otlab"  # the name `make setup` and `otlab kernel install` register
DISPLAY_NAME = "Python (otlab)"
HERE = "here"  # --kernel here: the interpreter that runs the command
KERNEL_ENV = "OTLAB_KERNEL"  # how `otlab present` tells Voila its choice


@dataclass(frozen=True)
class Kernel:
    """A kernel to run notebooks in: a registered kernelspec name, or this interpreter.

    Attributes
    ----------
    name : str
        The kernelspec name (``"otlab"``), or ``"here"`` for ``sys.executable``.
    argv : tuple of str
        The command that starts it, as a user would read it.
    """

    name: str
    argv: tuple[str, ...]

    @property
    def description(self) -> str:
        """One line for the terminal: ``kernel 'otlab' (/path/to/python)``."""
        if self.name == HERE:
            return f"this Python ({self.argv[0]})"
        return f"kernel {self.name!r} ({self.argv[0]})"

    def kernel_manager(self, **kwargs):
        """A ``jupyter_client.KernelManager`` that starts this kernel."""
        from jupyter_client import KernelManager

        if self.name == HERE:
            return KernelManager(kernel_name=HERE, kernel_spec_manager=_HereSpecs(), **kwargs)
        return KernelManager(kernel_name=self.name, **kwargs)


def check_kernel(func: str, kernel) -> None:
    """``kernel``: None (choose one) or a :class:`Kernel`."""
    if kernel is not None and not isinstance(kernel, Kernel):
        fail(
            func,
            "`kernel` a Kernel",
            describe(kernel),
            "pass otlab.lecture.kernels.choose_kernel(...) or leave it out",
            kind=TypeError,
        )


def here_argv() -> tuple[str, ...]:
    return (sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}")


def choose_kernel(name: str | None = None) -> Kernel:
    """The kernel ``otlab tour`` and ``otlab present`` use.

    Parameters
    ----------
    name : str, optional
        A registered kernel's name, or ``"here"`` for this interpreter. Default: the ``otlab``
        kernel when it is registered, else this interpreter.

    Raises
    ------
    ValueError
        The named kernel is not registered, or this interpreter has no ipykernel.
    """
    func = "otlab"
    if name not in (None, HERE):
        try:
            spec = KernelSpecManager().get_kernel_spec(name)
        except NoSuchKernel:
            fail(
                func,
                "the name of an installed Jupyter kernel (see `jupyter kernelspec list`)",
                repr(name),
                f"leave out --kernel, or run `otlab kernel install --name {name}`",
            )
        return Kernel(name, tuple(spec.argv))
    if name is None:
        try:
            return Kernel(KERNEL, tuple(KernelSpecManager().get_kernel_spec(KERNEL).argv))
        except NoSuchKernel:
            pass
    if not ipykernel_available():
        fail(
            func,
            "a Jupyter kernel: the registered 'otlab' kernel or ipykernel in this Python",
            f"neither ({sys.executable} has no ipykernel)",
            f"run `{sys.executable} -m pip install ipykernel`",
        )
    return Kernel(HERE, here_argv())


def ipykernel_available() -> bool:
    return importlib.util.find_spec("ipykernel") is not None


def install_kernel(*, name: str = KERNEL, user: bool = False, prefix: str | None = None) -> str:
    """Register this interpreter as a Jupyter kernel; return the folder of its kernelspec.

    By default into this environment (``sys.prefix``), where its own JupyterLab finds it;
    ``user=True`` registers it for every JupyterLab of this user.
    """
    if not ipykernel_available():
        fail(
            "otlab kernel install",
            "ipykernel in this Python",
            f"none in {sys.executable}",
            f"run `{sys.executable} -m pip install ipykernel`",
        )
    from ipykernel.kernelspec import install

    display = DISPLAY_NAME if name == KERNEL else f"Python ({name})"
    if user:
        return install(user=True, kernel_name=name, display_name=display)
    return install(prefix=prefix or sys.prefix, kernel_name=name, display_name=display)


class _HereSpecs(KernelSpecManager):
    """Knows one kernel, ``here``: the interpreter that runs this process."""

    def get_kernel_spec(self, kernel_name):
        return KernelSpec(
            argv=list(here_argv()),
            display_name=f"Python ({sys.executable})",
            language="python",
        )


class ChosenKernelSpecs(KernelSpecManager):
    """Voila's kernelspec manager in ``otlab present``: every notebook runs in the chosen kernel.

    The choice travels from ``otlab present`` to the Voila process in ``OTLAB_KERNEL`` (a
    kernelspec name, or ``here`` for the interpreter that runs Voila, which is the one that ran
    ``otlab present``).
    """

    def _chosen(self) -> KernelSpec:
        name = os.environ.get(KERNEL_ENV, HERE)
        if name == HERE:
            return _HereSpecs().get_kernel_spec(HERE)
        return super().get_kernel_spec(name)

    def get_kernel_spec(self, kernel_name):
        return self._chosen()

    def get_all_specs(self):
        spec = self._chosen()
        names = {*super().find_kernel_specs(), "python3", KERNEL}
        return {name: {"resource_dir": spec.resource_dir, "spec": spec.to_dict()} for name in names}
