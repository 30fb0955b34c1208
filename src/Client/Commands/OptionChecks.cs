using Spectre.Console;

namespace SweepGrid.Client.Commands;

/// <summary>Checks shared by the commands' Validate: the same limits as the spec, and paths that must be directories.</summary>
internal static class OptionChecks
{
    /// <summary>Error when <paramref name="path"/> exists and is not a directory (later it would fail as an I/O error).</summary>
    public static ValidationResult Directory(string option, string? path) =>
        path is not null && File.Exists(path)
            ? ValidationResult.Error($"{option}: '{path}' is a file; expected a directory (it is created if missing)")
            : ValidationResult.Success();

    public static ValidationResult InRange(string option, long? value, long min, long max) =>
        value is { } v && (v < min || v > max)
            ? ValidationResult.Error($"{option}: must be between {min} and {max}, got {v}")
            : ValidationResult.Success();

    /// <summary>The first error of several checks, or success.</summary>
    public static ValidationResult First(params ValidationResult[] results) =>
        results.FirstOrDefault(r => !r.Successful) ?? ValidationResult.Success();
}
