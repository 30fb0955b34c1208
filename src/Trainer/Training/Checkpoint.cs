using System.Runtime.InteropServices;
using System.Text;
using SweepGrid.Trainer.Model;
using SweepGrid.Trainer.Optim;
using static TorchSharp.torch;

namespace SweepGrid.Trainer.Training;

/// <summary>
/// A self-describing binary checkpoint: magic, format version, the trial fingerprint, completed epochs, the
/// data-order seed (the RNG state: epoch e's order is derived from it and e), then every parameter and
/// momentum buffer by name with dtype, shape and raw little-endian values. Exact: restoring gives bit-identical
/// tensors. A checkpoint of another trial or a damaged one is rejected with a message naming its origin.
/// </summary>
public static class Checkpoint
{
    private const string Magic = "SGCKPT";
    private const int Version = 1;

    internal static void Write(Stream stream, string fingerprint, int epoch, Mlp model, Sgd optimizer)
    {
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(Version);
        w.Write(fingerprint);
        w.Write(epoch);
        var parameters = model.named_parameters().ToList();
        w.Write(parameters.Count);
        for (var i = 0; i < parameters.Count; i++)
        {
            var (name, p) = parameters[i];
            WriteTensor(w, name, p);
            var m = optimizer.MomentumBuffers[i];
            w.Write(m is not null);
            if (m is not null)
            {
                WriteTensor(w, "momentum." + name, m);
            }
        }
    }

    internal static int Read(Stream stream, string origin, string fingerprint, Mlp model, Sgd optimizer)
    {
        try
        {
            using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            if (r.ReadString() != Magic)
            {
                throw new InvalidDataException($"{origin}: not a SweepGrid checkpoint (bad magic)");
            }
            var version = r.ReadInt32();
            if (version != Version)
            {
                throw new InvalidDataException($"{origin}: checkpoint format {version}, this build reads {Version}");
            }
            var stored = r.ReadString();
            if (stored != fingerprint)
            {
                throw new InvalidDataException($"{origin}: checkpoint belongs to another trial ({stored}), expected ({fingerprint})");
            }
            var epoch = r.ReadInt32();
            var parameters = model.named_parameters().ToList();
            var count = r.ReadInt32();
            if (count != parameters.Count)
            {
                throw new InvalidDataException($"{origin}: {count} parameters stored, model has {parameters.Count}");
            }
            var momentum = new Tensor?[count];
            using (no_grad())
            {
                for (var i = 0; i < count; i++)
                {
                    var (name, p) = parameters[i];
                    using (var value = ReadTensor(r, origin, name, p))
                    {
                        p.copy_(value);
                    }
                    if (r.ReadBoolean())
                    {
                        momentum[i] = ReadTensor(r, origin, "momentum." + name, p);
                    }
                }
            }
            optimizer.LoadMomentum(momentum);
            return epoch;
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{origin}: checkpoint is truncated");
        }
    }

    private static void WriteTensor(BinaryWriter w, string name, Tensor t)
    {
        w.Write(name);
        w.Write((int)t.dtype);
        w.Write(t.shape.Length);
        foreach (var d in t.shape)
        {
            w.Write(d);
        }
        using var cpuT = t.detach().cpu().contiguous();
        if (t.dtype == ScalarType.Float64)
        {
            w.Write(MemoryMarshal.AsBytes(cpuT.data<double>().ToArray().AsSpan()));
        }
        else
        {
            w.Write(MemoryMarshal.AsBytes(cpuT.to_type(ScalarType.Float32).data<float>().ToArray().AsSpan()));
        }
    }

    /// <summary>Reads a tensor and checks it against <paramref name="like"/> (name, dtype, shape); returns it on like's device.</summary>
    private static Tensor ReadTensor(BinaryReader r, string origin, string expectedName, Tensor like)
    {
        var name = r.ReadString();
        var dtype = (ScalarType)r.ReadInt32();
        var shape = new long[r.ReadInt32()];
        for (var i = 0; i < shape.Length; i++)
        {
            shape[i] = r.ReadInt64();
        }
        if (name != expectedName || dtype != like.dtype || !shape.SequenceEqual(like.shape))
        {
            throw new InvalidDataException(
                $"{origin}: found {name} {dtype} [{string.Join(',', shape)}], expected {expectedName} {like.dtype} [{string.Join(',', like.shape)}]");
        }
        var count = shape.Aggregate(1L, (a, b) => a * b);
        if (dtype == ScalarType.Float64)
        {
            var values = MemoryMarshal.Cast<byte, double>(r.ReadBytes(checked((int)count * 8))).ToArray();
            Ensure(values.Length == count, origin);
            return tensor(values, shape).to(like.device);
        }
        var floats = MemoryMarshal.Cast<byte, float>(r.ReadBytes(checked((int)count * 4))).ToArray();
        Ensure(floats.Length == count, origin);
        return tensor(floats, shape).to(like.device);
    }

    private static void Ensure(bool ok, string origin)
    {
        if (!ok)
        {
            throw new InvalidDataException($"{origin}: checkpoint is truncated");
        }
    }
}
