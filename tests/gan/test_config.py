"""GANConfig: one validated config, presets, and the loss table's defaults filled in."""

import pytest

from otlab.gan import LOSSES, PRESETS, GANConfig, preset_config
from otlab.gan.config import make_config


def test_validate_fills_in_the_loss_defaults():
    for name, row in LOSSES.items():
        config = GANConfig(loss=name).validate("f")
        assert (config.optimizer, config.lr, config.critic_lr) == (
            row.optimizer,
            row.lr,
            row.critic_lr,
        )
        assert config.constraint == row.constraint and config.betas == row.betas
        assert config.eval_every == config.steps // 20
    assert GANConfig(loss="wgan-clip").validate("f").optimizer == "rmsprop"


def test_explicit_values_win_and_a_new_loss_brings_its_own_optimiser():
    config = make_config("f", None, {"lr": 5e-4})
    assert config.lr == 5e-4 and config.critic_lr == LOSSES["wgan-gp"].critic_lr
    clip = make_config("f", GANConfig(lr=5e-4), {"loss": "wgan-clip"})
    assert clip.optimizer == "rmsprop" and clip.lr == LOSSES["wgan-clip"].lr
    both = make_config("f", None, {"loss": "wgan-clip", "lr": 1e-5})
    assert both.lr == 1e-5


def test_a_constraint_other_than_the_loss_own_is_named():
    assert GANConfig().validate("f").name == "wgan-gp"
    assert GANConfig(loss="gan-ns", constraint="sn").validate("f").name == "gan-ns+sn"
    assert GANConfig(loss="wgan-gp", constraint="gp").validate("f").name == "wgan-gp"


def test_presets():
    assert preset_config().steps == PRESETS["fast"].steps
    paper = preset_config("paper")
    assert (paper.lr, paper.critic_lr, paper.betas, paper.width) == (1e-4, 1e-4, (0.5, 0.9), 512)
    with pytest.raises(ValueError, match="preset_config: `preset` one of 'fast', 'paper'"):
        preset_config("slow")


@pytest.mark.parametrize(
    ("changes", "kind", "match"),
    [
        ({"loss": "lsgan"}, ValueError, "f: `loss` one of 'gan'"),
        ({"steps": 1.5}, ValueError, "f: `steps` an integer >= 1"),
        ({"batch_size": 1}, ValueError, "f: `batch_size` an integer >= 2"),
        ({"betas": (0.5, 1.0)}, ValueError, "f: `betas` two numbers in"),
        ({"optimizer": "sgd"}, ValueError, "f: `optimizer` one of 'adam', 'rmsprop'"),
        ({"schedule": "cosine"}, ValueError, "f: `schedule` one of 'constant', 'linear'"),
        ({"activation": "tanh"}, ValueError, "f: `activation` one of 'relu', 'leaky_relu'"),
        ({"clip": 0}, ValueError, "f: `clip` a finite number > 0, got 0"),
        ({"critic_lr": float("nan")}, ValueError, "f: `critic_lr` a finite number > 0"),
        ({"device": 0}, TypeError, "f: `device` a string"),
    ],
)
def test_every_field_is_checked_with_a_fix(changes, kind, match):
    with pytest.raises(kind, match=match):
        GANConfig(**changes).validate("f")


def test_unknown_overrides_list_the_fields():
    with pytest.raises(TypeError, match="f: options among loss, constraint, steps"):
        make_config("f", None, {"stpes": 3})
