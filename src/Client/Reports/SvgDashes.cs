using System.Globalization;
using System.Xml.Linq;

namespace SweepGrid.Client.Reports;

/// <summary>
/// Adds dashes to an SVG that ScottPlot drew solid. Its SVG export cannot write line patterns as
/// stroke-dasharray (Skia's SVG canvas either drops the pattern, printing "Unsupported path effect", or expands every
/// dash into a filled outline), so the caller draws train lines solid with a line width no other element uses, and
/// every stroke of that width (the lines and their legend symbols) gets a stroke-dasharray here.
/// </summary>
internal static class SvgDashes
{
    public static string Apply(string svg, float lineWidth, IReadOnlyList<float> dash)
    {
        var dashArray = string.Join(' ', dash.Select(d => d.ToString(CultureInfo.InvariantCulture)));
        var doc = XDocument.Parse(svg);
        var width = lineWidth.ToString(CultureInfo.InvariantCulture);
        foreach (var element in doc.Descendants())
        {
            if ((string?)element.Attribute("stroke-width") == width && (string?)element.Attribute("stroke") is { } stroke && stroke != "none")
            {
                element.SetAttributeValue("stroke-dasharray", dashArray);
            }
        }
        return doc.Declaration + "\n" + doc.ToString(SaveOptions.DisableFormatting);
    }
}
