"""Long, legitimate work reports its progress; short work (everything the notebooks do) prints nothing."""

import numpy as np

import helpers
from helpers import _progress


def test_short_work_is_silent(capsys):
    progress = _progress.Progress("work", total=10, expected_seconds=0.5)
    for done in range(10):
        progress.update(done)
    progress.close()
    assert capsys.readouterr().err == ""


def test_long_work_reports_each_percent_once(capsys):
    progress = _progress.Progress("work", total=200, expected_seconds=2 * _progress.SHOW_AFTER_SECONDS)
    for done in range(200):
        progress.update(done)
    progress.close()
    err = capsys.readouterr().err
    assert err.count("work: 50 % (100 of 200)") == 1 and err.rstrip().endswith("work: 100 % (200 of 200)")


def test_the_trainer_reports_progress_when_its_estimate_is_long(capsys, monkeypatch, classification):
    X, labels = classification
    run = lambda: helpers.train_linear_model(X, labels, loss="logistic", batch_size=[4, 8], learning_rate=0.1,
                                             reduction="mean", epochs=3, seed=0)
    quiet = run()
    assert capsys.readouterr().err == ""
    monkeypatch.setattr(_progress, "SHOW_AFTER_SECONDS", 0.0)   # as if the run were long
    loud = run()
    assert "training 2 configurations: 100 % (3 of 3)" in capsys.readouterr().err
    assert np.array_equal(quiet.final_weights, loud.final_weights)


def test_the_epoch_loop_calls_the_hook_once_each_epochs_work_is_done(capsys):
    events = []
    for epoch in _progress._epochs_with_progress("work", 3, expected_seconds=2 * _progress.SHOW_AFTER_SECONDS,
                                                on_epoch=lambda finished: events.append(("hook", finished))):
        events.append(("epoch", epoch))
    assert events == [("epoch", 0), ("hook", 1), ("epoch", 1), ("hook", 2), ("epoch", 2), ("hook", 3)]
    assert capsys.readouterr().err.rstrip().endswith("work: 100 % (3 of 3)")
