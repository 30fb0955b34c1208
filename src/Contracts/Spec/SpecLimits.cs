namespace SweepGrid.Contracts.Spec;

/// <summary>
/// Hard limits on what a spec may be, checked before the YAML is turned into nodes: anything a client sends is parsed
/// inside a silo, so no input may exhaust its stack, memory or time.
/// </summary>
public static class SpecLimits
{
    /// <summary>Largest spec, in bytes of UTF-8. A sweep spec is a few hundred bytes; a megabyte is already absurd.</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>Deepest nesting of mappings and lists (the spec itself needs 4).</summary>
    public const int MaxDepth = 32;

    /// <summary>Most aliases (<c>*name</c>) in one spec.</summary>
    public const int MaxAliases = 100;

    /// <summary>Most items in any list of a spec.</summary>
    public const int MaxListLength = 10_000;

    /// <summary>Most trials one sweep may expand to (the product of every swept axis).</summary>
    public const int MaxTrials = 10_000;

    /// <summary>Most epochs per trial (the spec's `epochs` and the CLI's --epochs).</summary>
    public const int MaxEpochs = 100_000;

    /// <summary>Largest estimated memory of one trial (<see cref="TrialMemory"/>); a silo also checks its own memory.</summary>
    public const long MaxTrialBytes = 16L << 30;

    /// <summary>Most problems reported for one spec; the rest are counted.</summary>
    public const int MaxProblems = 50;

    /// <summary>Longest excerpt of user input quoted back in a message.</summary>
    public const int MaxExcerpt = 60;
}
