"""The static tour in a browser, from file:// with no server and no Python behind it.

``otlab tour --fast 02`` precomputes the theta app over its slider's range; the page swaps the
frames. Moving the slider by keyboard must show the readout otlab computes at that theta, and
the figure's alt text must carry the same numbers.
"""

from __future__ import annotations

import re

import otlab


def test_static_theta_slider_works_without_a_kernel(tour, page, tmp_path):
    page.goto((tour / "02_divergences_vs_wasserstein.html").as_uri())
    player = page.locator("figure.otlab-static", has=page.get_by_label("theta", exact=True))
    slider = player.get_by_label("theta", exact=True)
    image, readout = player.locator("img"), player.locator(".otlab-readout")
    assert slider.get_attribute("aria-valuetext") == "0.50"
    assert "W1 = 0.500" in readout.inner_text()
    before = image.get_attribute("src")

    slider.focus()  # a student with a keyboard: Tab to the slider, arrows move it
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    theta = float(slider.get_attribute("aria-valuetext"))
    assert theta == 0.65  # 41 positions over [-1, 1]: 0.05 apart
    assert player.locator("output").first.inner_text() == "0.65"
    expected = otlab.theta_divergences(theta)
    text = readout.inner_text()
    assert f"theta = {theta:.2f}" in text
    for label, key in (("JS", "js"), ("TV", "tv"), ("W1", "w1")):
        assert f"{label} = {getattr(expected, key):.3f}" in text
    assert image.get_attribute("src") != before
    assert re.search(rf"W1 = {expected.w1:.3f}", image.get_attribute("alt"))
    page.screenshot(path=tmp_path / "02-static.png", full_page=False)
