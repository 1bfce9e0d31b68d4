"""otlab._validation: every shared check raises the project's message format."""

import numpy as np
import pytest

from otlab import _validation as v


class FakeTensor:
    """Duck-typed like a torch tensor: only .detach().cpu().numpy()."""

    def __init__(self, data):
        self.data = np.asarray(data)

    def detach(self):
        return self

    def cpu(self):
        return self

    def numpy(self):
        return self.data


def message(error, call, *args, **kwargs):
    with pytest.raises(error) as info:
        call(*args, **kwargs)
    return str(info.value)


def test_fail_formats_function_expected_got_fix():
    text = message(ValueError, v.fail, "f", "a thing", "another", "do this")
    assert text == "f: a thing, got another; do this"
    assert "f: " in message(TypeError, v.fail, "f", "x", "y", "z", kind=TypeError)


def test_describe():
    assert v.describe(np.zeros((2, 3))) == "an array of shape (2, 3)"
    assert v.describe([1, 2]) == "a list of length 2"
    assert v.describe((1,)) == "a tuple of length 1"
    assert v.describe(0.5) == "0.5"
    assert len(v.describe("x" * 100)) == 60


def test_as_float_array_accepts_numbers_lists_and_tensors():
    assert v.as_float_array("f", "x", [1, 2]).dtype == np.float64
    assert v.as_float_array("f", "x", FakeTensor([[1, 2]])).tolist() == [[1.0, 2.0]]


@pytest.mark.parametrize("value", [None, "12", b"12", {"a": 1}, [[1, 2], [3]]])
def test_as_float_array_refuses_non_numbers(value):
    text = message(TypeError, v.as_float_array, "f", "x", value)
    assert text.startswith("f: `x` as an array of numbers, got ")


def test_check_finite_counts_the_bad_entries():
    text = message(ValueError, v.check_finite, "f", "x", np.array([np.nan, np.inf, 1.0]))
    assert text.startswith("f: finite values in `x`, got 2 NaN or inf entries;")


def test_as_samples_1d():
    assert v.as_samples_1d("f", "u", [1, 2]).shape == (2,)
    assert "1-D samples for `u`" in message(ValueError, v.as_samples_1d, "f", "u", [[1, 2]])
    assert "a non-empty `u`" in message(ValueError, v.as_samples_1d, "f", "u", [])


def test_as_points():
    assert v.as_points("f", "x", [1.0, 2.0]).shape == (2, 1)  # n points on a line
    assert v.as_points("f", "x", np.zeros((3, 2)), dim=2).shape == (3, 2)
    assert "(n, d) array" in message(ValueError, v.as_points, "f", "x", np.zeros((1, 1, 1)))
    text = message(ValueError, v.as_points, "f", "x", np.zeros((3, 2)), dim=3)
    assert "`x` with 3 coordinates per point, got shape (3, 2)" in text
    assert "non-empty" in message(ValueError, v.as_points, "f", "x", np.zeros((0, 2)))
    assert "finite" in message(ValueError, v.as_points, "f", "x", [[np.nan, 0.0]])


def test_as_weights():
    assert np.allclose(v.as_weights("f", "a", None, 4), 0.25)
    assert v.as_weights("f", "a", [0, 2], 2).tolist() == [0.0, 2.0]
    assert "(3 values), got shape (2,)" in message(ValueError, v.as_weights, "f", "a", [1, 1], 3)
    assert "got minimum -1" in message(ValueError, v.as_weights, "f", "a", [1, -1], 2)
    assert "positive total mass" in message(ValueError, v.as_weights, "f", "a", [0, 0], 2)
    assert "finite" in message(ValueError, v.as_weights, "f", "a", [np.inf, 0], 2)


def test_check_same_mass_shows_both_sums():
    assert v.check_same_mass("f", np.array([1.0, 2.0]), np.array([3.0])) == 3.0
    # Within the relative tolerance of 1e-9: accepted.
    v.check_same_mass("f", np.array([1.0]), np.array([1.0 + 1e-10]))
    text = message(ValueError, v.check_same_mass, "f", np.array([1.0]), np.array([1.5]))
    assert "got sum(a) = 1 and sum(b) = 1.5;" in text
    text = message(ValueError, v.check_same_mass, "f", np.ones(2), np.ones(3), names=("p", "q"))
    assert "sum(p) = 2 and sum(q) = 3" in text


@pytest.mark.parametrize("p", [0.99, 0, -1, np.nan, np.inf, True, "1", None])
def test_check_p_refuses(p):
    assert message(ValueError, v.check_p, "f", p).startswith("f: a finite exponent p >= 1, got ")


@pytest.mark.parametrize("p", [1, 1.5, 2, np.float32(3)])
def test_check_p_accepts(p):
    assert v.check_p("f", p) == float(p)


def test_check_choice_lists_the_options():
    assert v.check_choice("f", "mode", "a", ["a", "b"]) == "a"
    text = message(ValueError, v.check_choice, "f", "mode", "c", ["a", "b"])
    assert text.startswith("f: `mode` one of 'a', 'b', got 'c';")


@pytest.mark.parametrize("value", [0, -3, 1.5, True, "2", None])
def test_check_positive_int_refuses(value):
    text = message(ValueError, v.check_positive_int, "f", "n", value)
    assert text.startswith("f: `n` an integer >= 1, got ")


def test_check_positive_int_accepts_numpy_ints_and_minimum():
    assert v.check_positive_int("f", "n", np.int64(5)) == 5
    assert v.check_positive_int("f", "n", 0, minimum=0) == 0
    text = message(ValueError, v.check_positive_int, "f", "n", 1, minimum=2)
    assert "`n` an integer >= 2" in text


def test_as_mean():
    assert v.as_mean("f", "m", 2.0).tolist() == [2.0]
    assert "as a vector" in message(ValueError, v.as_mean, "f", "m", [[1, 2]])
    assert "non-empty" in message(ValueError, v.as_mean, "f", "m", [])
    assert "finite" in message(ValueError, v.as_mean, "f", "m", [np.nan])


def test_as_cov():
    assert v.as_cov("f", "c", 4.0, 1).tolist() == [[4.0]]
    assert v.as_cov("f", "c", [2.0], 1).shape == (1, 1)
    assert v.as_cov("f", "c", np.zeros((2, 2)), 2).shape == (2, 2)  # PSD, singular: fine
    assert "of shape (2, 2)" in message(ValueError, v.as_cov, "f", "c", np.eye(3), 2)
    assert "a symmetric `c`" in message(ValueError, v.as_cov, "f", "c", [[1, 1], [0, 1]], 2)
    text = message(ValueError, v.as_cov, "f", "c", [[1, 2], [2, 1]], 2)
    assert "positive semi-definite `c`, got smallest eigenvalue -1" in text
    assert "finite" in message(ValueError, v.as_cov, "f", "c", [[np.inf]], 1)


def test_check_number():
    assert v.check_number("f", "lr", 0.5) == 0.5
    assert v.check_number("f", "w", 0, strict=False) == 0.0
    for bad in [0, -1, float("inf"), float("nan"), True, "1"]:
        assert "f: `lr` a finite number > 0, got" in message(
            ValueError, v.check_number, "f", "lr", bad
        )


@pytest.mark.parametrize("value", [[1.0, 2j], np.array([1 + 0j, 2]), 3j])
def test_complex_numbers_are_refused_not_cast(value):
    text = message(TypeError, v.as_float_array, "f", "x", value)
    assert text.startswith("f: `x` as real numbers, got complex values; pass the real part")


def test_weights_whose_total_overflows_are_refused():
    text = message(ValueError, v.as_weights, "f", "a", [1e308, 1e308], 2)
    assert "a total mass in `a` that float64 can hold" in text and "a / a.max()" in text
