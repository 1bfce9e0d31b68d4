"""GAN apps: update() recomputes through otlab.gan and the readout shows the numbers."""

import numpy as np
import pytest

from otlab.gan import train_gan
from otlab.widgets import BilinearGameApp, DiracGANApp, SnapshotScrubber


def test_bilinear_app_reports_the_exact_growth():
    app = BilinearGameApp(lr=0.1, steps=50)
    assert "1.00499" in app.readout.value  # sqrt(1.01)
    app.lr.value = 0.5  # the slider's observer calls update
    assert f"{np.sqrt(1.25):.5f}" in app.readout.value
    paths, radii = app.live.axes
    x, _ = next(line for line in paths.lines if line.get_gid() == "simultaneous").get_data()
    assert len(x) == 51
    _, theory = next(line for line in radii.lines if line.get_gid() == "theory").get_data()
    np.testing.assert_allclose(theory[1:] / theory[:-1], np.sqrt(1.25))
    assert app.live.image.value  # a PNG was rendered


def test_bilinear_app_shows_a_message_for_invalid_input():
    app = BilinearGameApp()
    app.update(-1.0, 10)
    text = app.readout.value
    assert "Cannot play this game" in text and "BilinearGameApp.update: `lr` &gt; 0" in text


def test_dirac_app_follows_its_controls():
    app = DiracGANApp(loss="wgan-clip", n_critic=1)
    app.n_critic.value = 5
    assert "n_critic = 5" in app.readout.value
    from otlab.gan import dirac_gan

    expected = dirac_gan(1.0, 0.0, loss="wgan-clip", lr=app.lr.value, steps=300, n_critic=5)
    plane, _ = app.live.axes
    path = next(line for line in plane.lines if line.get_gid() == "dirac")
    np.testing.assert_array_equal(path.get_xdata(), expected.theta)
    app.update("nonsense", 0.1, 1)
    assert "Cannot train this Dirac-GAN" in app.readout.value


@pytest.mark.slow
def test_snapshot_scrubber_moves_through_the_run():
    run = train_gan(
        "8gaussians",
        loss="wgan-gp",
        steps=4,
        eval_every=2,
        width=8,
        depth=1,
        batch_size=32,
        n_eval=32,
        seed=0,
        progress=False,
    )
    app = SnapshotScrubber(run)
    assert app.index.max == 2 and f"{run.w1[-1]:.3f}" in app.readout.value
    app.index.value = 0
    assert "step <b>0</b>" in app.readout.value
    field, curve = app.live.axes
    fake = next(c for c in field.collections if c.get_gid() == "fake")
    np.testing.assert_array_equal(fake.get_offsets(), run.snapshots[0].samples)
    critic = next(image for image in field.images if image.get_gid() == "critic")
    np.testing.assert_array_equal(critic.get_array(), run.snapshots[0].critic)
    marker = next(line for line in curve.lines if line.get_gid() == "marker")
    assert list(marker.get_xdata()) == [0, 0]
    app.update(7)
    assert "SnapshotScrubber.update: `index` from 0 to 2, got 7" in app.readout.value
