namespace SweepGrid.Contracts.Spec;

/// <summary>
/// Quoting user input back in a message: a spec or a command line may hold anything, and a message must stay one
/// readable line that cannot move the cursor or recolour the terminal.
/// </summary>
public static class UserInput
{
    /// <summary>At most <see cref="SpecLimits.MaxExcerpt"/> characters of user input, control characters removed.</summary>
    public static string Excerpt(string text, int max = SpecLimits.MaxExcerpt)
    {
        var clean = new string([.. text.Where(c => !char.IsControl(c)).Take(max + 1)]);
        return clean.Length > max ? clean[..max] + "…" : clean;
    }
}
