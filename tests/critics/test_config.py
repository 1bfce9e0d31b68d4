"""otlab.critics.config: the presets follow the papers; options are checked."""

import pytest

from otlab.critics import CriticConfig, preset_config


def test_paper_presets_follow_the_papers():
    clip = preset_config("clip", "paper")
    assert (clip.optimizer, clip.lr, clip.clip) == ("rmsprop", 5e-5, 0.01)
    for constraint in ("gp", "lp"):
        config = preset_config(constraint, "paper")
        assert (config.optimizer, config.lr, config.betas) == ("adam", 1e-4, (0.5, 0.9))
        assert config.penalty_weight == 10
    assert preset_config("gp", "paper").schedule == "constant"


def test_default_preset_is_fast_and_full_batch():
    assert preset_config("gp") == preset_config("gp", "fast") == CriticConfig()
    assert preset_config("gp").batch_size is None


def test_fast_preset_trains_until_settled_and_the_paper_preset_a_fixed_count():
    fast = preset_config("gp")
    assert fast.steps is None and fast.schedule == "plateau" and fast.max_steps >= 1000
    assert preset_config("gp", "paper").steps == 5000


def test_new_fields_say_what_to_pass():
    with pytest.raises(
        ValueError,
        match=r"preset_config: `settle_tol` a number in \(0, 1\), got 0; pass e.g. settle_tol=0.0",
    ):
        preset_config("gp", settle_tol=0)
    with pytest.raises(
        ValueError, match="(fit_critic|preset_config): `settle_window` an integer >= 2, got 1"
    ):
        preset_config("gp", settle_window=1)


def test_fast_lp_also_penalises_at_the_samples():
    config = preset_config("lp")
    assert (config.penalty_weight, config.sampling) == (100, "interpolates+real+fake")


def test_overrides_replace_fields():
    config = preset_config("gp", "paper", lr=0.5, width=7)
    assert (config.lr, config.width, config.penalty_weight) == (0.5, 7, 10)


def test_unknown_option_is_named():
    with pytest.raises(
        TypeError, match="(fit_critic|preset_config): options among .*got learning_rate"
    ):
        preset_config("gp", learning_rate=0.1)


@pytest.mark.parametrize(
    "name, value",
    [
        ("width", 0),
        ("depth", -1),
        ("activation", "gelu"),
        ("optimizer", "sgd"),
        ("schedule", "linear"),
        ("lr", 0),
        ("lr", float("nan")),
        ("penalty_weight", -1),
        ("clip", 0),
        ("sampling", "grid"),
        ("batch_size", 0),
        ("steps", 0),
        ("max_steps", 0),
        ("settle_window", 1),
        ("settle_tol", 0),
        ("settle_tol", 1.5),
        ("settle_tol_raw", float("nan")),
        ("lr_decay", 1.0),
        ("lr_decays", -1),
        ("snapshot_every", 0),
        ("grid_size", 1),
        ("betas", (0.5,)),
        ("betas", (0.5, 1.0)),
    ],
)
def test_bad_values(name, value):
    with pytest.raises(ValueError, match=f"(fit_critic|preset_config): `{name}`"):
        preset_config("gp", **{name: value})


@pytest.mark.parametrize(
    "constraint, preset, match",
    [("wc", None, "'clip', 'gp', 'lp', 'sn'"), ("gp", "slow", "'fast', 'paper'")],
)
def test_bad_names_list_valid_ones(constraint, preset, match):
    with pytest.raises(ValueError, match=match):
        preset_config(constraint, preset)


def test_config_is_frozen():
    with pytest.raises(AttributeError):
        CriticConfig().lr = 1.0
