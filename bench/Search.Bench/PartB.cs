namespace SweepGrid.Bench.Search;

/// <summary>Part (b): at a budget of N trials, does TPE's best test loss beat random search's in the median over the seeds?</summary>
internal sealed record PartB(
    string Question,
    string Data,
    string Model,
    string Objective,
    IReadOnlyList<string> Space,
    int Budget,
    IReadOnlyList<ulong> Seeds,
    SamplerFigures Tpe,
    SamplerFigures Random,
    int Trainings,
    int TrainingsRetriedAfterNativeError,
    double TrainingSeconds,
    double SecondsPerTraining,
    double WallSeconds);
