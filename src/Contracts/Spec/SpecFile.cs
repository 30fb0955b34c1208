using System.Text;

namespace SweepGrid.Contracts.Spec;

/// <summary>
/// Reads a spec file once, refusing before parsing what no spec can be: a directory, something larger than
/// <see cref="SpecLimits.MaxBytes"/> (read no further than that, so a device such as /dev/zero cannot grow memory), or
/// bytes that are not UTF-8. Every problem names the file.
/// </summary>
public static class SpecFile
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Read(string path)
    {
        if (Directory.Exists(path))
        {
            throw Refused(path, "is a directory; expected a YAML file");
        }
        if (!File.Exists(path))
        {
            throw Refused(path, "not found");
        }
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            var buffer = new byte[SpecLimits.MaxBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
            }
            if (length > SpecLimits.MaxBytes)
            {
                throw Refused(path, $"is larger than {SpecLimits.MaxBytes / 1024} KiB, the limit for a spec");
            }
            bytes = buffer[..length];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Refused(path, $"cannot be read: {e.Message}");
        }
        try
        {
            var text = StrictUtf8.GetString(bytes);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException e)
        {
            throw Refused(path, $"is not valid UTF-8 (byte {e.Index} and after); save it as UTF-8");
        }
    }

    private static SpecException Refused(string path, string why) => new(path, [new SpecProblem("(file)", why)]);
}
