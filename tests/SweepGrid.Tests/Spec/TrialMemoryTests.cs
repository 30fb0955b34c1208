using SweepGrid.Contracts.Spec;
using SweepGrid.Silo.Execution;
using Xunit;

namespace SweepGrid.Tests.Spec;

public sealed class TrialMemoryTests
{
    private const string Base = "name: mem\ndata: { dataset: fashion-mnist }\nmodel: { hidden: [HIDDEN] }\noptimizer: { lr: 0.05, momentum: 0.9 }\nsweep: { weight_decay: [5e-4] }\nepochs: 1\nbatch_size: 64\n";

    [Fact]
    public void The_reference_model_needs_a_few_hundred_megabytes_mostly_its_dataset()
    {
        var m = TrialMemory.Of(SpecParser.Parse(Base.Replace("HIDDEN", "256, 128")));

        Assert.Equal(235_146L * 4, m.Weights);
        Assert.Equal(2 * 235_146L * 4, m.Optimizer);
        Assert.Equal(70_000L * 785 * 4, m.Data);
        Assert.InRange(m.Total, 200L << 20, 240L << 20);
    }

    [Fact]
    public void A_model_whose_weights_alone_need_tens_of_gigabytes_is_refused_with_the_estimate()
    {
        var e = Assert.Throws<SpecException>(() => SpecParser.Parse(Base.Replace("HIDDEN", "65536, 65536")));

        var problem = e.Problems.Single();
        Assert.Equal("model.hidden", problem.Path);
        Assert.StartsWith("a trial needs about 48.9 GiB (weights 16.2 GiB, optimizer state 32.4 GiB, activations at batch size", problem.Message);
        Assert.EndsWith("the limit is 16 GiB per trial", problem.Message);
    }

    [Fact]
    public void A_silo_refuses_an_attempt_larger_than_its_memory_and_says_by_how_much()
    {
        var spec = SpecParser.Parse(Base.Replace("HIDDEN", "256, 128"));

        Assert.Null(MemoryCheck.Problem(spec, 1, 1L << 30));
        Assert.StartsWith("16 fused trials need 266.5 MiB (per trial about", MemoryCheck.Problem(spec, 16, 100L << 20));
        Assert.EndsWith("this silo has 100 MiB of memory", MemoryCheck.Problem(spec, 16, 100L << 20));
    }
}
