using System.Collections.ObjectModel;

namespace SweepGrid.Contracts.Search;

/// <summary>
/// Applies a <see cref="StoppingRule"/> to trials' recorded epochs so that the decisions depend only on what was recorded,
/// never on the order events arrive in: a run killed and resumed, or the same curves fed in another interleaving, makes
/// the same decisions.
/// </summary>
/// <remarks>
/// Trials are numbered in the order they were created. The decision for trial i at decision epoch e compares it only
/// with its predecessors j &lt; i, and is made once every predecessor is resolved for e: j was stopped at an earlier
/// decision epoch, or ended with fewer than e epochs, or was told Continue at every decision epoch before e and has a value
/// at e (only these compete). Until then the decision is pending. Each decision epoch keeps a frontier, the lowest trial not
/// yet resolved for it, and the sorted contributions of the trials below it, so an event costs O(decision epochs) plus the
/// decisions it unblocks.
/// </remarks>
public sealed class StoppingBook
{
    private readonly StoppingRule _rule;
    private readonly int[] _epochs;
    private readonly int[] _frontier;
    private readonly List<double>[] _contributions;
    private readonly List<TrialTrack?> _trials = [];
    private readonly List<StopDecision> _decisions = [];

    public StoppingBook(StoppingRule rule, int maxEpochs)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEpochs, 1);
        _rule = rule;
        MaxEpochs = maxEpochs;
        _epochs = [.. rule.DecisionEpochs(maxEpochs)];
        for (var k = 0; k < _epochs.Length; k++)
        {
            if (_epochs[k] < 1 || _epochs[k] > maxEpochs || (k > 0 && _epochs[k] <= _epochs[k - 1]))
            {
                throw new ArgumentException($"The rule's decision epochs must ascend within 1..{maxEpochs}, got [{string.Join(", ", _epochs)}].", nameof(rule));
            }
        }
        _frontier = new int[_epochs.Length];
        _contributions = new List<double>[_epochs.Length];
        for (var k = 0; k < _epochs.Length; k++)
        {
            _contributions[k] = [];
        }
        Decisions = new ReadOnlyCollection<StopDecision>(_decisions);
    }

    public int MaxEpochs { get; }

    /// <summary>The epochs at which the rule decides.</summary>
    public IReadOnlyList<int> DecisionEpochs => _epochs;

    /// <summary>Every decision made so far, in the order made.</summary>
    public IReadOnlyList<StopDecision> Decisions { get; }

    /// <summary>Trials whose next decision epoch has been recorded but which still wait for a predecessor.</summary>
    public IReadOnlySet<int> Pending
    {
        get
        {
            var pending = new HashSet<int>();
            for (var i = 0; i < _trials.Count; i++)
            {
                if (_trials[i] is { StoppedAt: null } t && t.ContinuedThrough < _epochs.Length
                    && t.Values.Count >= _epochs[t.ContinuedThrough] && _frontier[t.ContinuedThrough] < i)
                {
                    pending.Add(i);
                }
            }
            return pending;
        }
    }

    /// <summary>The Stop decision for a trial, or null when it has none (yet).</summary>
    public StopDecision? StopOf(int trialIndex)
    {
        if (trialIndex < 0 || trialIndex >= _trials.Count || _trials[trialIndex] is not { StoppedAt: { } k })
        {
            return null;
        }
        return _decisions.Last(d => d.TrialIndex == trialIndex && d.Epoch == _epochs[k]);
    }

    /// <summary>
    /// Records a trial's value at a 1-based epoch. Epochs arrive in order per trial; trials interleave arbitrarily. Recording
    /// an epoch again with the same value (a resumed trial replaying from its checkpoint) does nothing.
    /// </summary>
    /// <returns>The decisions this event made, for this trial or for successors it unblocked.</returns>
    public IReadOnlyList<StopDecision> Record(int trialIndex, int epoch, double value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trialIndex);
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(epoch, MaxEpochs);
        var t = Track(trialIndex);
        if (epoch <= t.Values.Count)
        {
            if (t.Values[epoch - 1].Equals(value))
            {
                return [];
            }
            throw new ArgumentException($"Trial {trialIndex} epoch {epoch} was recorded as {t.Values[epoch - 1]}, now {value}: decisions may already depend on the first value.", nameof(value));
        }
        if (epoch != t.Values.Count + 1)
        {
            throw new ArgumentException($"Trial {trialIndex}: epochs arrive in order; expected epoch {t.Values.Count + 1}, got {epoch}.", nameof(epoch));
        }
        if (t.EndedWith is { } n && epoch > n)
        {
            throw new ArgumentException($"Trial {trialIndex} ended with {n} epochs; epoch {epoch} cannot follow.", nameof(epoch));
        }
        t.Values.Add(value);
        return Advance();
    }

    /// <summary>
    /// Tells the book a trial ended on its own (completed, diverged, failed or cancelled) after
    /// <paramref name="epochsRecorded"/> epochs. A trial that never ran ends with 0. Ending again with the same count does nothing.
    /// </summary>
    /// <returns>The decisions this event made for successors it unblocked.</returns>
    public IReadOnlyList<StopDecision> End(int trialIndex, int epochsRecorded)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trialIndex);
        ArgumentOutOfRangeException.ThrowIfNegative(epochsRecorded);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(epochsRecorded, MaxEpochs);
        var t = Track(trialIndex);
        if (t.EndedWith is { } n)
        {
            return n == epochsRecorded
                ? []
                : throw new ArgumentException($"Trial {trialIndex} already ended with {n} epochs, now {epochsRecorded}.", nameof(epochsRecorded));
        }
        if (epochsRecorded < t.Values.Count)
        {
            throw new ArgumentException($"Trial {trialIndex} recorded {t.Values.Count} epochs but ends with {epochsRecorded}.", nameof(epochsRecorded));
        }
        t.EndedWith = epochsRecorded;
        return Advance();
    }

    private TrialTrack Track(int index)
    {
        while (_trials.Count <= index)
        {
            _trials.Add(null);
        }
        return _trials[index] ??= new TrialTrack();
    }

    private IReadOnlyList<StopDecision> Advance()
    {
        var first = _decisions.Count;
        // Lower decision epochs first: a decision at epoch e_k can unblock the frontier of e_(k+1), never the reverse.
        for (var k = 0; k < _epochs.Length; k++)
        {
            AdvanceFrontier(k);
        }
        return first == _decisions.Count ? [] : _decisions.GetRange(first, _decisions.Count - first);
    }

    private void AdvanceFrontier(int k)
    {
        var epoch = _epochs[k];
        var sorted = _contributions[k];
        while (_frontier[k] < _trials.Count && _trials[_frontier[k]] is { } t)
        {
            var j = _frontier[k];
            if (t.StoppedAt is { } stopped && stopped < k)
            {
                // Stopped earlier: resolved, does not compete.
            }
            else if (t.EndedWith is { } n && n < epoch)
            {
                // Ended before this epoch: resolved, does not compete.
            }
            else if (t.ContinuedThrough >= k && t.Values.Count >= epoch)
            {
                var decision = _rule.Compare(j, epoch, t.Values, sorted);
                if (decision.TrialIndex != j || decision.Epoch != epoch)
                {
                    throw new InvalidOperationException($"The rule answered for trial {decision.TrialIndex} epoch {decision.Epoch}, asked for trial {j} epoch {epoch}.");
                }
                _decisions.Add(decision);
                if (decision.Verdict == StopVerdict.Stop)
                {
                    t.StoppedAt = k;
                }
                else
                {
                    t.ContinuedThrough = k + 1;
                }
                Insert(sorted, _rule.Contribution(t.Values, epoch));
            }
            else
            {
                return;
            }
            _frontier[k]++;
        }
    }

    private static void Insert(List<double> sorted, double score)
    {
        var at = sorted.BinarySearch(score);
        sorted.Insert(at < 0 ? ~at : at, score);
    }
}
