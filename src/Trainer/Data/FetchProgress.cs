namespace SweepGrid.Trainer.Data;

/// <summary>Progress of a dataset fetch: a stage description and bytes done of an optional total.</summary>
public sealed record FetchProgress(string Stage, long Done, long? Total);
