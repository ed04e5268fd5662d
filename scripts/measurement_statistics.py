"""The statistics the measurement scripts report (measure_paper_preset.py, measure_verify.py):
an exact sign test for paired verdicts, and the AUC of a score with its 95 % interval.

Standard library only.
"""
import math


def sign_test(wins, losses):
    """Two-sided exact sign test p-value for `wins` against `losses` (ties left out)."""
    n = wins + losses
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, k) for k in range(min(wins, losses) + 1)) / 2 ** n
    return min(1.0, 2 * tail)


def auc(positives, negatives):
    """The probability that a random positive scores above a random negative (ties: half)."""
    if not positives or not negatives:
        return None
    wins = 0.0
    for p in positives:
        for n in negatives:
            wins += 1.0 if p > n else 0.5 if p == n else 0.0
    return wins / (len(positives) * len(negatives))


def auc_interval(value, positives, negatives, z=1.959964):
    """A 95 % interval for an AUC from its standard error by Hanley and McNeil (1982), which
    needs only the AUC and the two counts; clipped to [0, 1]. None when either class is empty."""
    if value is None or positives == 0 or negatives == 0:
        return None
    q1 = value / (2 - value)
    q2 = 2 * value * value / (1 + value)
    variance = (value * (1 - value) + (positives - 1) * (q1 - value * value)
                + (negatives - 1) * (q2 - value * value)) / (positives * negatives)
    half = z * math.sqrt(max(variance, 0.0))
    return max(0.0, value - half), min(1.0, value + half)
