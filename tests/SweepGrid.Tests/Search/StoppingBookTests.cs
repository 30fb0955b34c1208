using SweepGrid.Contracts.Search;
using Xunit;

namespace SweepGrid.Tests.Search;

public sealed class StoppingBookTests
{
    private static AshaRule Asha() => new(1, 3, minimize: true, metric: "loss");

    [Fact]
    public void The_first_trial_continues_at_every_rung()
    {
        var book = new StoppingBook(Asha(), 27);
        var made = new List<StopDecision>();
        for (var e = 1; e <= 27; e++)
        {
            made.AddRange(book.Record(0, e, 1.0 / e));
        }

        Assert.Equal([1, 3, 9], made.Select(d => d.Epoch));
        Assert.All(made, d => Assert.Equal(StopVerdict.Continue, d.Verdict));
    }

    [Fact]
    public void A_decision_waits_for_its_predecessors_and_is_made_by_the_event_that_unblocks_it()
    {
        var book = new StoppingBook(Asha(), 27);

        Assert.Empty(book.Record(1, 1, 0.9));
        Assert.Equal(new HashSet<int> { 1 }, book.Pending);

        var made = book.Record(0, 1, 0.5);

        Assert.Equal(
            [new StopDecision(0, 1, StopVerdict.Continue, "rung 0 (epoch 1): loss 0.5 in the top 1/3 of 1 trials (cutoff 0.5)"),
             new StopDecision(1, 1, StopVerdict.Stop, "rung 0 (epoch 1): loss 0.9 not in the top 1/3 of 2 trials (cutoff 0.5)")],
            made);
        Assert.Empty(book.Pending);
    }

    [Fact]
    public void Predecessors_that_never_ran_block_until_they_end()
    {
        var book = new StoppingBook(Asha(), 27);

        Assert.Empty(book.Record(2, 1, 0.3));
        Assert.Empty(book.End(0, 0));
        var made = book.End(1, 0);

        Assert.Equal([new StopDecision(2, 1, StopVerdict.Continue, "rung 0 (epoch 1): loss 0.3 in the top 1/3 of 1 trials (cutoff 0.3)")], made);
    }

    [Fact]
    public void A_stopped_predecessor_does_not_compete_at_later_rungs()
    {
        var book = new StoppingBook(Asha(), 27);
        Feed(book, 0, [0.5, 0.5, 0.5]);
        Feed(book, 1, [0.9, 0.1, 0.1]);   // stopped at rung 0 (epoch 1) although it leads at epoch 3

        var made = Feed(book, 2, [0.4, 0.45, 0.45]);

        Assert.Equal(StopVerdict.Stop, book.StopOf(1)?.Verdict);
        Assert.Equal(1, book.StopOf(1)?.Epoch);
        // At epoch 3 trial 2 meets only trial 0 (0.5): 2 competing, it is the best.
        Assert.Contains(new StopDecision(2, 3, StopVerdict.Continue, "rung 1 (epoch 3): loss 0.45 in the top 1/3 of 2 trials (cutoff 0.45)"), made);
    }

    [Fact]
    public void A_predecessor_that_ended_before_the_rung_neither_blocks_nor_competes()
    {
        var book = new StoppingBook(Asha(), 27);
        Feed(book, 0, [0.5, 0.5]);
        book.End(0, 2);

        var made = Feed(book, 1, [0.6, 0.6, 0.6]);

        Assert.Equal(StopVerdict.Stop, made[0].Verdict);  // epoch 1: 0.6 against 0.5
        Assert.Single(made);
        Assert.Null(book.StopOf(0));
    }

    [Fact]
    public void A_trial_gets_no_decisions_after_a_stop()
    {
        var book = new StoppingBook(Asha(), 27);
        Feed(book, 0, Enumerable.Repeat(0.1, 27).ToArray());
        Feed(book, 1, Enumerable.Repeat(0.9, 27).ToArray());

        Assert.Equal([(1, StopVerdict.Stop)], book.Decisions.Where(d => d.TrialIndex == 1).Select(d => (d.Epoch, d.Verdict)));
    }

    [Fact]
    public void Recording_an_epoch_again_with_the_same_value_does_nothing()
    {
        var book = new StoppingBook(Asha(), 27);
        Feed(book, 0, [0.5, 0.4, 0.3]);

        Assert.Empty(book.Record(0, 1, 0.5));
        Assert.Empty(book.Record(0, 3, 0.3));
        Assert.Empty(book.End(0, 3));
        Assert.Empty(book.End(0, 3));
        Assert.Equal(2, book.Decisions.Count);
    }

    [Fact]
    public void Contract_violations_are_refused_with_the_reason()
    {
        var book = new StoppingBook(Asha(), 27);
        Feed(book, 0, [0.5, 0.4]);

        Assert.Contains("recorded as 0.5, now 0.6", Assert.Throws<ArgumentException>(() => book.Record(0, 1, 0.6)).Message, StringComparison.Ordinal);
        Assert.Contains("expected epoch 3, got 5", Assert.Throws<ArgumentException>(() => book.Record(0, 5, 0.1)).Message, StringComparison.Ordinal);
        Assert.Contains("recorded 2 epochs but ends with 1", Assert.Throws<ArgumentException>(() => book.End(0, 1)).Message, StringComparison.Ordinal);
        book.End(0, 2);
        Assert.Contains("ended with 2 epochs", Assert.Throws<ArgumentException>(() => book.Record(0, 3, 0.1)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => book.Record(1, 28, 0.1));
    }

    [Fact]
    public void Grace_at_or_beyond_the_final_epoch_makes_no_decisions()
    {
        var book = new StoppingBook(new AshaRule(27, 3, minimize: true), 27);
        for (var i = 0; i < 5; i++)
        {
            Feed(book, i, Enumerable.Repeat(1.0 - (0.1 * i), 27).ToArray());
        }

        Assert.Empty(book.DecisionEpochs);
        Assert.Empty(book.Decisions);
    }

    [Theory]
    [InlineData(1, 3, 27, true)]
    [InlineData(1, 3, 27, false)]
    [InlineData(2, 2, 20, true)]
    [InlineData(3, 4, 40, false)]
    public void Asha_decisions_match_the_definition_for_every_interleaving_and_restart(int grace, int eta, int maxEpochs, bool minimize)
    {
        var rule = new AshaRule(grace, eta, minimize);
        var curves = CurveFeeds.Curves(60, maxEpochs, seed: grace * 100 + eta);
        var reference = CurveFeeds.Reference(rule, maxEpochs, curves);

        for (var seed = 0; seed < 25; seed++)
        {
            var book = CurveFeeds.Interleaved(rule, maxEpochs, curves, seed, endWhenStopped: seed % 2 == 0);

            Assert.Equal(reference, book.Decisions.ToHashSet());
            Assert.Equal(book.Decisions.Count, book.Decisions.Select(d => (d.TrialIndex, d.Epoch)).Distinct().Count());
            Assert.Empty(book.Pending);
        }
        Assert.Contains(reference, d => d.Verdict == StopVerdict.Stop);
        Assert.Contains(reference, d => d.Verdict == StopVerdict.Continue && d.Epoch > grace);
    }

    [Fact]
    public void A_book_rebuilt_from_stored_epochs_after_a_crash_makes_the_same_decisions()
    {
        var rule = Asha();
        var curves = CurveFeeds.Curves(50, 27, seed: 5);
        var rng = new Random(8);
        // One interleaving of every trial's records and its end.
        var events = new List<(int Trial, int Epoch)>();   // Epoch 0 = End
        var next = new int[curves.Count];
        var live = Enumerable.Range(0, curves.Count).ToList();
        while (live.Count > 0)
        {
            var slot = rng.Next(live.Count);
            var i = live[slot];
            if (next[i] < curves[i].Length)
            {
                events.Add((i, ++next[i]));
            }
            else
            {
                events.Add((i, 0));
                live.RemoveAt(slot);
            }
        }
        var crash = events.Count / 2;
        var survivor = new StoppingBook(rule, 27);
        foreach (var e in events.Take(crash))
        {
            Apply(survivor, curves, e);
        }

        // The rebuilt book replays what storage holds, trial by trial from the last, then carries on.
        var rebuilt = new StoppingBook(rule, 27);
        foreach (var group in events.Take(crash).GroupBy(e => e.Trial).OrderByDescending(g => g.Key))
        {
            foreach (var e in group)
            {
                Apply(rebuilt, curves, e);
            }
        }
        foreach (var e in events.Skip(crash))
        {
            Apply(survivor, curves, e);
            Apply(rebuilt, curves, e);
        }

        Assert.Equal(survivor.Decisions.ToHashSet(), rebuilt.Decisions.ToHashSet());
        Assert.Equal(CurveFeeds.Reference(rule, 27, curves), rebuilt.Decisions.ToHashSet());
    }

    [Fact]
    public void Ten_thousand_trials_are_decided_from_the_frontier()
    {
        var rule = new AshaRule(1, 3, minimize: true);
        var curves = CurveFeeds.Curves(10_000, 27, seed: 9);

        var book = CurveFeeds.Interleaved(rule, 27, curves, seed: 3, endWhenStopped: true);

        var first = book.Decisions.Count(d => d.Epoch == 1);
        Assert.Equal(curves.Count(c => c.Length >= 1), first);
        Assert.Empty(book.Pending);
        // About 1/3 promoted at each rung.
        var promoted = book.Decisions.Count(d => d.Epoch == 1 && d.Verdict == StopVerdict.Continue);
        Assert.InRange(promoted / (double)first, 0.25, 0.45);
    }

    private static void Apply(StoppingBook book, List<double[]> curves, (int Trial, int Epoch) e)
    {
        if (e.Epoch == 0)
        {
            book.End(e.Trial, curves[e.Trial].Length);
        }
        else
        {
            book.Record(e.Trial, e.Epoch, curves[e.Trial][e.Epoch - 1]);
        }
    }

    private static List<StopDecision> Feed(StoppingBook book, int trial, double[] curve)
    {
        var made = new List<StopDecision>();
        for (var e = 0; e < curve.Length; e++)
        {
            made.AddRange(book.Record(trial, e + 1, curve[e]));
        }
        return made;
    }
}
