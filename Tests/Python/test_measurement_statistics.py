"""scripts/measurement_statistics.py: the sign test, the AUC and its interval."""

import math
import unittest

from support import script

stats = script("measurement_statistics")


class PairedStatisticsTests(unittest.TestCase):
    def test_sign_test(self):
        self.assertEqual(stats.sign_test(8, 0), 2 / 2 ** 8)
        self.assertEqual(stats.sign_test(2, 5), 2 * (1 + 7 + 21) / 2 ** 7)
        self.assertEqual(stats.sign_test(0, 0), 1.0)
        self.assertEqual(stats.sign_test(3, 3), 1.0)

    def test_auc_counts_ties_as_half(self):
        self.assertEqual(stats.auc([0.9, 0.8], [0.1]), 1.0)
        self.assertEqual(stats.auc([0.1], [0.9]), 0.0)
        self.assertEqual(stats.auc([0.5], [0.5]), 0.5)
        self.assertEqual(stats.auc([0.9, 0.2], [0.5, 0.5]), 0.5)
        self.assertIsNone(stats.auc([], [0.5]))

    def test_interval_at_one_half_is_the_mann_whitney_null_variance(self):
        # At AUC 0.5 Hanley and McNeil's variance reduces to (m + n + 1) / (12 m n), the
        # variance of the Mann-Whitney statistic under no difference.
        low, high = stats.auc_interval(0.5, 10, 30)
        half = 1.959964 * math.sqrt(41 / (12 * 10 * 30))
        self.assertAlmostEqual(low, 0.5 - half)
        self.assertAlmostEqual(high, 0.5 + half)

    def test_interval_narrows_with_more_pairs_and_stays_within_0_and_1(self):
        small = stats.auc_interval(0.7, 20, 20)
        large = stats.auc_interval(0.7, 200, 200)
        self.assertLess(large[1] - large[0], small[1] - small[0])
        self.assertTrue(small[0] < 0.7 < small[1])
        self.assertEqual(stats.auc_interval(1.0, 3, 3), (1.0, 1.0))
        self.assertEqual(stats.auc_interval(0.98, 3, 3)[1], 1.0)
        self.assertIsNone(stats.auc_interval(None, 3, 3))
        self.assertIsNone(stats.auc_interval(0.5, 0, 3))


if __name__ == "__main__":
    unittest.main()
