namespace SweepGrid.Tests.Deployment;

/// <summary>Container image references: pinned means a release tag or a digest, never latest or no tag.</summary>
internal static class ImageReference
{
    public static bool IsPinned(string image)
    {
        if (image.Contains("@sha256:", StringComparison.Ordinal))
        {
            return true;
        }

        var tag = Tag(image);
        return tag is not null && tag != "latest" && tag.Any(char.IsAsciiDigit);
    }

    /// <summary>The tag, or null when the reference has none (a registry port's colon is not a tag).</summary>
    public static string? Tag(string image)
    {
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? image[(colon + 1)..] : null;
    }

    public static string Repository(string image)
    {
        var tag = Tag(image);
        return tag is null ? image : image[..^(tag.Length + 1)];
    }
}
