namespace SweepGrid.Trainer.Training;

/// <summary>
/// The one epoch loop, for one trial or a fused group: resume each member from its checkpoint, train epochs in step,
/// end a diverged member, ask the host about every finite epoch, checkpoint what the host keeps, and report each
/// member's end as soon as it happens. The standalone runners and the silo's executor are hosts of this loop.
/// </summary>
public static class TrainingSession
{
    /// <summary>Trains until every member has ended or reached <paramref name="epochs"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled mid-epoch; members not yet ended get no <see cref="ITrainingHost.OnEnd"/>.</exception>
    public static void Run(IEpochTrainer trainer, int epochs, ITrainingHost host, CancellationToken ct)
    {
        var members = trainer.MemberCount;
        for (var k = 0; k < members; k++)
        {
            if (host.LoadCheckpoint(k) is { } stored)
            {
                using var ms = new MemoryStream(stored.Payload);
                trainer.LoadCheckpoint(k, ms, stored.Origin);
            }
        }
        // A member has ended exactly when it is masked: End masks it, and a diverging member is masked by the trainer.
        void End(int k, SessionEnd end)
        {
            trainer.Mask(k, end.Message ?? end.Kind.ToString());
            host.OnEnd(k, end);
        }

        while (trainer.ActiveCount > 0 && trainer.CompletedEpochs < epochs)
        {
            for (var k = 0; k < members; k++)
            {
                if (trainer.IsActive(k) && host.IsCancelled(k))
                {
                    End(k, new SessionEnd(SessionEndKind.Cancelled, $"cancelled before epoch {trainer.CompletedEpochs + 1}", trainer.WeightNorm(k)));
                }
            }
            if (trainer.ActiveCount == 0)
            {
                break;
            }
            var results = trainer.RunEpoch(ct);
            for (var k = 0; k < members; k++)
            {
                if (results[k] is not { } m)
                {
                    continue;
                }
                if (!trainer.IsActive(k))
                {
                    End(k, new SessionEnd(SessionEndKind.Diverged, trainer.MaskReason(k), double.NaN));
                    continue;
                }
                try
                {
                    var verdict = host.OnEpoch(k, m);
                    if (verdict != EpochVerdict.Discard && host.KeepsCheckpoints(k))
                    {
                        using var ms = new MemoryStream();
                        trainer.SaveCheckpoint(k, ms);
                        host.SaveCheckpoint(k, m.Epoch, ms.ToArray());
                    }
                    if (verdict != EpochVerdict.Continue)
                    {
                        End(k, new SessionEnd(SessionEndKind.Stopped, null, trainer.WeightNorm(k), verdict));
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    End(k, new SessionEnd(SessionEndKind.Failed, e.Message, double.NaN, Error: e));
                }
            }
        }
        for (var k = 0; k < members; k++)
        {
            if (trainer.IsActive(k))
            {
                host.OnEnd(k, new SessionEnd(SessionEndKind.Completed, null, trainer.WeightNorm(k)));
            }
        }
    }
}
