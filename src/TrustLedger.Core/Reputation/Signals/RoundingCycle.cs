namespace TrustLedger.Core.Reputation;

/// <summary>
/// Detects that a deterministic fixed-point iteration has fallen into an exact floating-point cycle: the
/// state after round k is bit-for-bit the state after round k - p. From then on every round repeats, so
/// the L1 change never falls below the tolerance (on large graphs the rounding noise summed over all
/// nodes exceeds it: plain Kumar on a 1M-tie power-law graph cycles with period 3 at an L1 change of
/// ~1.5e-13 against a tolerance of 1e-13, and used to run all 10,000 rounds).
/// Knowing the period, the caller runs only (maxIterations - k) mod p more rounds and stops: it returns the
/// very state it would have reached after maxIterations rounds, so results stay bit-identical.
/// Detection is cheap: exact repeats in the per-round L1 change suggest a cycle; one copy of the state,
/// compared with each of the next maxPeriod states (a vectorized O(nodes) compare against an O(ties)
/// round), proves it and gives the period.
/// </summary>
internal sealed class RoundingCycle(int maxPeriod = 64)
{
    private readonly List<double> _changes = [];
    private double[][]? _saved;
    private int _savedAt, _retryAfter;

    /// <summary>
    /// Called after each round with the round's L1 change and the state it produced. Returns the cycle
    /// period once the state is proven to repeat exactly; 0 otherwise.
    /// </summary>
    public int Observe(int round, double change, params ReadOnlySpan<double[]> state)
    {
        _changes.Add(change);
        if (_saved is not null)
        {
            bool same = true;
            for (int i = 0; i < state.Length && same; i++) same = state[i].AsSpan().SequenceEqual(_saved[i]);
            if (same) return round - _savedAt;
            if (round - _savedAt >= maxPeriod)
            {   // the change repeated but the state did not: look again later
                _saved = null;
                _retryAfter = round + maxPeriod;
            }
            return 0;
        }
        if (round < _retryAfter || !ChangeRepeats()) return 0;
        _saved = new double[state.Length][];
        for (int i = 0; i < state.Length; i++) _saved[i] = (double[])state[i].Clone();
        _savedAt = round;
        return 0;
    }

    /// <summary>Whether the last two changes equal the two changes p rounds earlier, exactly, for some p.</summary>
    private bool ChangeRepeats()
    {
        int count = _changes.Count;
        for (int p = 1; p <= maxPeriod && count >= p + 2; p++)
            if (_changes[count - 1] == _changes[count - 1 - p] && _changes[count - 2] == _changes[count - 2 - p]) return true;
        return false;
    }
}
