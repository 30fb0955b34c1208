namespace SweepGrid.Contracts.Spec;

/// <summary>Where a trial trains (keywords: <see cref="SpecKeywords.Devices"/>). Stored: never renumber.</summary>
[GenerateSerializer, Newtonsoft.Json.JsonConverter(typeof(SpecKeywordNewtonsoftConverter))]
public enum DevicePreference
{
    /// <summary>CUDA when the silo has it, else the CPU.</summary>
    Auto = 0,
    Cpu = 1,
    Cuda = 2,
}
