using SweepGrid.Tests.Deployment.Kube;
using Xunit;

namespace SweepGrid.Tests.Deployment;

/// <summary>The gpu overlay puts each silo on a GPU node with one GPU; the CPU deployments ask for none.</summary>
public sealed class GpuOverlayTests
{
    [Fact]
    public async Task Gpu_silos_get_one_gpu_each_on_gpu_nodes_and_size_slots_from_it()
    {
        var render = await Kustomize.RenderAsync("overlays/gpu");
        var pod = render.Silo.Template.Spec;
        var silo = render.SiloContainer;

        Assert.Equal("1", silo.Resources?.Limits?["nvidia.com/gpu"]);
        Assert.Equal("true", pod.NodeSelector?["nvidia.com/gpu.present"]);
        Assert.Contains(pod.Tolerations ?? [], t => t is { Key: "nvidia.com/gpu", Operator: "Exists", Effect: "NoSchedule" });
        Assert.Equal("auto", silo.EnvNamed("SweepGrid__Slots")?.Value);
        Assert.Equal("4", silo.EnvNamed("SweepGrid__TrialsPerGpu")?.Value);
        Assert.Equal("sweepgrid/silo:0.1.0-cuda", silo.Image);
    }

    [Theory]
    [InlineData("base")]
    [InlineData("overlays/cpu-dev")]
    public async Task Cpu_silos_ask_for_no_gpu_and_have_a_fixed_slot_count(string directory)
    {
        var render = await Kustomize.RenderAsync(directory);
        var silo = render.SiloContainer;
        var resources = (silo.Resources?.Requests ?? []).Keys.Concat((silo.Resources?.Limits ?? []).Keys);

        Assert.DoesNotContain("nvidia.com/gpu", resources);
        Assert.Null(render.Silo.Template.Spec.NodeSelector);
        Assert.Equal("1", silo.EnvNamed("SweepGrid__Slots")?.Value);
        Assert.Equal("sweepgrid/silo:0.1.0", silo.Image);
    }
}
