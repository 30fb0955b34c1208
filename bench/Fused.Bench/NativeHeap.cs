using System.Runtime.InteropServices;

namespace SweepGrid.Bench.Fused;

/// <summary>
/// glibc's allocator serves blocks above 32 MiB by mmap and returns them to the kernel on free, so a tensor
/// that size allocated every step is page-faulted in and zeroed by the kernel every step. A fused group's
/// gradients and activations are K times a trial's and cross that line (K = 64: the first layer's gradient
/// is 100 MiB) while a single trial's stay below it; on CPU that fault traffic, not arithmetic, then bounds
/// the fused rate. <see cref="RetainFreedMemory"/> makes glibc keep freed memory for reuse instead, as
/// PyTorch's CUDA caching allocator does on the GPU.
/// </summary>
internal static class NativeHeap
{
    private const int TrimThreshold = -1;
    private const int TopPad = -2;
    private const int MmapMax = -4;

    /// <summary>Serves every block from the heap and never trims it; false where glibc's mallopt is not available.</summary>
    public static bool RetainFreedMemory()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        try
        {
            return Mallopt(MmapMax, 0) == 1 && Mallopt(TrimThreshold, int.MaxValue) == 1 && Mallopt(TopPad, 256 << 20) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc.so.6", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);
}
