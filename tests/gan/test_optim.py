"""The engine's optimisers update exactly as torch.optim's do."""

import pytest
import torch

from otlab.gan.optim import Adam, RMSprop


@pytest.mark.parametrize(
    ("ours", "theirs", "options"),
    [
        (Adam, torch.optim.Adam, {"lr": 1e-2, "betas": (0.5, 0.9)}),
        (RMSprop, torch.optim.RMSprop, {"lr": 1e-2}),
    ],
)
def test_steps_equal_torch_optim(ours, theirs, options):
    gen = torch.Generator().manual_seed(0)
    a = torch.nn.Parameter(torch.randn(50, generator=gen))
    b = torch.nn.Parameter(a.detach().clone())
    mine, reference = ours(a, **options), theirs([b], **options)
    for step in range(20):
        grad = torch.randn(50, generator=gen)
        a.grad, b.grad = grad.clone(), grad.clone()
        if step == 10:  # a schedule changes the rate between steps
            mine.lr = reference.param_groups[0]["lr"] = options["lr"] / 2
        mine.step()
        reference.step()
    torch.testing.assert_close(a, b, rtol=1e-5, atol=1e-7)
