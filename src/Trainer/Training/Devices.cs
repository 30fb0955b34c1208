using TorchSharp;
using static TorchSharp.torch;

namespace SweepGrid.Trainer.Training;

/// <summary>Maps <see cref="DeviceChoice"/> to a libtorch device, with an error that says why CUDA is missing.</summary>
public static class Devices
{
    public static Device Resolve(DeviceChoice choice)
    {
        switch (choice)
        {
            case DeviceChoice.Cpu:
                return CPU;
            case DeviceChoice.Cuda:
                InitializeDeviceType(DeviceType.CUDA);
                if (!cuda.is_available())
                {
                    throw new InvalidOperationException("resources.device is cuda but libtorch reports no CUDA device (CPU-only TorchSharp build, or no GPU visible)");
                }
                return CUDA;
            default:
                return CudaAvailable() ? CUDA : CPU;
        }
    }

    private static bool CudaAvailable()
    {
        try
        {
            InitializeDeviceType(DeviceType.CUDA);
            return cuda.is_available();
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or DllNotFoundException)
        {
            return false;
        }
    }
}
