using System.Reflection;
using System.Text.RegularExpressions;

namespace SweepGrid.Client.Reports.Html;

/// <summary>
/// The scripts and styles report.html carries inline: uPlot and its stylesheet (embedded from the npm package at
/// build time, see the Client project file), its licence, and the page's own script and style.
/// </summary>
internal static partial class HtmlAssets
{
    private const string Prefix = "SweepGrid.Client.Reports.Html.";

    public static string ChartScript => Cached.Value.Script;
    public static string ChartStyle => Cached.Value.Style;
    public static string ChartLicence => Cached.Value.Licence;
    public static string ChartVersion => Cached.Value.Version;
    public static string PageScript => Cached.Value.PageScript;
    public static string PageStyle => Cached.Value.PageStyle;

    private static readonly Lazy<(string Script, string Style, string Licence, string Version, string PageScript, string PageStyle)> Cached = new(() =>
    {
        var script = Read("uPlot.iife.min.js");
        var version = VersionComment().Match(script) is { Success: true } m ? m.Groups["v"].Value : "unknown version";
        return (script, Read("uPlot.min.css"), Read("uPlot.LICENSE"), version, Read("report.js"), Read("report.css"));
    });

    private static string Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(Prefix + name)
            ?? throw new InvalidOperationException($"embedded resource {Prefix + name} is missing: the build did not embed the chart library");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Text for inside a script element: an HTML parser ends the element at the first "&lt;/script" whatever the
    /// JavaScript around it means, and "&lt;!--" switches it into a mode where that can be missed. In JavaScript
    /// strings and regular expressions "&lt;\/" means "&lt;/" and "\x3C!--" means "&lt;!--", so the script is unchanged.
    /// </summary>
    public static string ForScript(string js) =>
        ScriptEnd().Replace(js, m => "<\\/" + m.Value[2..]).Replace("<!--", "\\x3C!--", StringComparison.Ordinal);

    /// <summary>Text for inside a style element, which ends at the first "&lt;/style" (CSS reads "\/" as "/").</summary>
    public static string ForStyle(string css) => StyleEnd().Replace(css, m => "<\\/" + m.Value[2..]);

    /// <summary>Text for inside an HTML comment, which ends at the first "--&gt;".</summary>
    public static string ForComment(string text)
    {
        // One pass leaves "---" as "- --": repeat until no pair is left.
        while (text.Contains("--", StringComparison.Ordinal))
        {
            text = text.Replace("--", "- -", StringComparison.Ordinal);
        }
        return text;
    }

    [GeneratedRegex(@"^/\*! https://github\.com/leeoniya/uPlot \(v(?<v>[0-9][0-9.]*)\)")]
    private static partial Regex VersionComment();

    [GeneratedRegex("</script", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptEnd();

    [GeneratedRegex("</style", RegexOptions.IgnoreCase)]
    private static partial Regex StyleEnd();
}
