using System.Text;
using System.Text.RegularExpressions;

namespace SweepGrid.Tests.Deployment;

/// <summary>.dockerignore matching: Go filepath.Match patterns plus "**", a path excluded with its parent, last match wins.</summary>
internal sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Exclude)> _rules;

    private DockerIgnore(List<(Regex Pattern, bool Exclude)> rules) => _rules = rules;

    public static DockerIgnore Load(string text) => new(text.Split('\n')
        .Select(l => l.Trim())
        .Where(l => l.Length > 0 && !l.StartsWith('#'))
        .Select(l => l.StartsWith('!') ? (ToRegex(l[1..]), false) : (ToRegex(l), true))
        .ToList());

    /// <summary>Whether a path relative to the build context stays out of the context.</summary>
    public bool Excludes(string path)
    {
        var parts = path.Trim('/').Split('/');
        var excluded = false;
        for (var depth = 1; depth <= parts.Length; depth++)
        {
            var prefix = string.Join('/', parts[..depth]);
            foreach (var (pattern, exclude) in _rules)
            {
                if (pattern.IsMatch(prefix))
                {
                    excluded = exclude;
                }
            }
        }

        return excluded;
    }

    private static Regex ToRegex(string pattern)
    {
        var p = pattern.Trim('/');
        var regex = new StringBuilder("^");
        for (var i = 0; i < p.Length; i++)
        {
            if (p[i] == '*' && i + 1 < p.Length && p[i + 1] == '*')
            {
                // "**/" matches any number of directories, including none.
                regex.Append(i + 2 < p.Length && p[i + 2] == '/' ? "(.*/)?" : ".*");
                i += i + 2 < p.Length && p[i + 2] == '/' ? 2 : 1;
            }
            else
            {
                regex.Append(p[i] switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(p[i].ToString()),
                });
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
