"""Per-example losses and gradients: hand-computed values, finite differences, many models at once."""

import numpy as np
import pytest

import helpers


def test_hand_computed_values():
    X = np.array([[1.0, 2.0], [-1.0, 0.5]])
    w = np.array([0.5, -1.0])  # scores: 0.5 - 2 = -1.5 and -0.5 - 0.5 = -1.0
    np.testing.assert_allclose(helpers.scores(w, X), [-1.5, -1.0])
    np.testing.assert_array_equal(helpers.per_example_losses(w, X, np.array([1, 0]), "zero_one"), [1.0, 0.0])
    np.testing.assert_allclose(helpers.per_example_losses(w, X, np.array([1, 0]), "logistic"),
                               [np.log(1 + np.exp(1.5)), np.log(1 + np.exp(-1.0))])
    np.testing.assert_allclose(helpers.per_example_losses(w, X, np.array([2.0, -1.0]), "squared"), [0.5 * 3.5**2, 0.0])
    # gradient of 0.5 (z - y)^2 is (z - y) x
    np.testing.assert_allclose(helpers.per_example_gradients(w, X, np.array([2.0, -1.0]), "squared"), [[-3.5, -7.0], [0.0, 0.0]])
    # gradient of the logistic loss is (sigmoid(z) - y) x
    s = 1 / (1 + np.exp(1.5))
    np.testing.assert_allclose(helpers.per_example_gradients(w, X, np.array([1, 0]), "logistic")[0], (s - 1) * X[0])


def test_zero_one_counts_mistakes_and_has_no_slope(classification):
    X, y = classification
    w = np.array([1.0, 0.0, 0.0])
    losses = helpers.per_example_losses(w, X, y, "zero_one")
    assert losses.sum() == np.sum((X[:, 0] > 0) != (y == 1))
    assert not helpers.per_example_gradients(w, X, y, "zero_one").any()


@pytest.mark.parametrize("loss", ["logistic", "squared"])
def test_gradients_match_central_differences(loss, classification, regression, rng):
    X, y = classification if loss == "logistic" else regression
    w = rng.standard_normal(X.shape[1])
    analytic = helpers.per_example_gradients(w, X, y, loss)
    h = 1e-6
    numeric = np.stack([
        (helpers.per_example_losses(w + h * e, X, y, loss) - helpers.per_example_losses(w - h * e, X, y, loss)) / (2 * h)
        for e in np.eye(X.shape[1])
    ], axis=-1)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("loss", ["zero_one", "logistic", "squared"])
def test_a_stack_of_models_equals_one_at_a_time(loss, classification, rng):
    X, y = classification
    W = rng.standard_normal((4, 2, X.shape[1]))
    stacked = helpers.per_example_losses(W, X, y, loss)
    grads = helpers.per_example_gradients(W, X, y, loss)
    assert stacked.shape == (4, 2, len(y)) and grads.shape == (4, 2, len(y), X.shape[1])
    for idx in np.ndindex(4, 2):
        np.testing.assert_array_equal(stacked[idx], helpers.per_example_losses(W[idx], X, y, loss))
        np.testing.assert_array_equal(grads[idx], helpers.per_example_gradients(W[idx], X, y, loss))


def test_logistic_loss_is_stable_for_huge_scores():
    X = np.array([[1.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is the right answer
        assert helpers.per_example_losses(np.array([1e6]), X, np.array([0]), "logistic")[0] == pytest.approx(1e6)
        assert helpers.per_example_losses(np.array([1e6]), X, np.array([1]), "logistic")[0] == 0.0
        assert helpers.sigmoid(np.array([-1e6]))[0] == 0.0


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(loss="hinge"), ValueError, "loss must be one of"),
    (dict(loss=3), TypeError, "loss must be one of"),
    (dict(weights=np.ones(2)), ValueError, "weights must end in one entry per feature"),
    (dict(features=np.ones(3)), ValueError, "features must be 2-D"),
    (dict(features=np.ones((0, 3)), targets=np.ones(0)), ValueError, "features must not be empty"),
    (dict(targets=np.ones(5)), ValueError, "same number of examples"),
    (dict(targets=np.array([0, 1, 2, 1])), ValueError, "class labels 0 or 1"),
    (dict(features=np.full((4, 3), np.nan)), ValueError, "finite"),
    (dict(targets="abcd"), TypeError, "targets must be a real number"),
])
def test_bad_input_is_named(kwargs, error, words):
    args = dict(weights=np.ones(3), features=np.ones((4, 3)), targets=np.array([0, 1, 1, 0]), loss="logistic") | kwargs
    with pytest.raises(error, match=words):
        helpers.per_example_losses(**args)
    with pytest.raises(error, match=words):
        helpers.per_example_gradients(**args)


def _exact_sigmoid(z: int) -> float:
    """1 / (1 + exp(-z)) to 60 significant digits, then rounded to a float."""
    from decimal import Decimal, localcontext
    with localcontext() as context:
        context.prec = 60
        return float(1 / (1 + (-Decimal(z)).exp()))


@pytest.mark.parametrize("z", [-700, -50, -38, -20, -1, 0, 1, 20, 50])
def test_sigmoid_keeps_full_relative_precision_in_both_tails(z):
    exact = _exact_sigmoid(z)
    assert helpers.sigmoid(np.array([float(z)]))[0] == pytest.approx(exact, rel=4e-16, abs=0)


def test_the_tanh_form_fails_the_precision_check():
    # The check above can fail: the former formula 0.5 (1 + tanh(z / 2)) is 0 at z = -50 (relative error 1).
    tanh_form = 0.5 * (1.0 + np.tanh(0.5 * -50.0))
    assert tanh_form != pytest.approx(_exact_sigmoid(-50), rel=1e-3, abs=0)


@pytest.mark.parametrize("z", [-700.0, -50.0, 50.0, 700.0])
def test_logistic_loss_and_gradient_stay_accurate_in_the_tails(z):
    from decimal import Decimal, localcontext
    X = np.array([[1.0], [1.0]])
    y = np.array([1, 0])
    # y = 1: loss log(1 + exp(-z)), dloss/dz = -sigmoid(-z); y = 0: loss log(1 + exp(z)), dloss/dz = sigmoid(z)
    with localcontext() as context:
        context.prec = 800   # enough digits that 1 + exp(-700) is not rounded to 1
        exact_loss = [float((1 + (-Decimal(z)).exp()).ln()), float((1 + Decimal(z).exp()).ln())]
    exact_slope = [-_exact_sigmoid(-int(z)), _exact_sigmoid(int(z))]
    np.testing.assert_allclose(helpers.per_example_losses(np.array([z]), X, y, "logistic"), exact_loss, rtol=4e-16, atol=0)
    np.testing.assert_allclose(helpers.per_example_gradients(np.array([z]), X, y, "logistic")[:, 0], exact_slope,
                               rtol=4e-16, atol=0)
    # sigmoid(z) - y, the textbook form, cancels to 0 where the exact slope is tiny: the check above catches it
    if z == 50.0:
        assert helpers.sigmoid(np.array([z]))[0] - 1 != pytest.approx(exact_slope[0], rel=1e-3, abs=0)


@pytest.mark.parametrize("function", [helpers.losses.loss_of_scores, helpers.losses.score_derivative])
def test_an_unknown_loss_name_is_refused_not_treated_as_squared(function):
    with pytest.raises(ValueError, match="loss must be one of"):
        function(np.array([0.5, 2.0]), np.array([1.0, 0.0]), "hinge")
    with pytest.raises(TypeError, match="loss must be one of"):
        function(np.array([0.5, 2.0]), np.array([1.0, 0.0]), None)
    # and the known names give their own formulas
    np.testing.assert_allclose(helpers.losses.loss_of_scores(np.array([0.5]), np.array([1.0]), "squared"), [0.125])
