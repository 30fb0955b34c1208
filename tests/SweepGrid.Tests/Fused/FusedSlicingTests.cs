using SweepGrid.Trainer.Fused;
using SweepGrid.Trainer.Training;
using Xunit;
using static TorchSharp.torch;

namespace SweepGrid.Tests.Fused;

public sealed class FusedSlicingTests
{
    [Theory]
    [InlineData(1, 2, 1)]
    [InlineData(3, 1, 1)]
    [InlineData(2, 2, 2)]
    [InlineData(4, 2, 2)]
    [InlineData(64, 2, 2)]
    [InlineData(3, 2, 3)]
    [InlineData(5, 2, 5)]
    [InlineData(9, 2, 2)]
    [InlineData(3, 16, 3)]
    public void Members_split_evenly_over_the_cores_or_one_per_member(int members, int cores, int expected) =>
        Assert.Equal(expected, FusedPartitions.Count(members, cores));

    [Theory]
    [InlineData("1", 1)]
    [InlineData("2", 2)]
    [InlineData("7", 3)]
    [InlineData("0", 3)]
    [InlineData("many", 3)]
    public void The_slice_count_can_be_forced_up_to_one_per_member(string value, int expected) =>
        Assert.Equal(expected, FusedPartitions.Count(3, 2, value));

    [Theory]
    [InlineData(ScalarType.Float32, 2)]
    [InlineData(ScalarType.Float32, 3)]
    [InlineData(ScalarType.Float64, 2)]
    [InlineData(ScalarType.Float64, 3)]
    public void A_group_cut_into_slices_trains_bit_for_bit_as_the_whole_group(ScalarType dtype, int slices)
    {
        using var data = new DeviceData(TestData.MnistSubset, CPU, dtype);
        var members = FusedFixtures.Members(epochs: 2).Select(m => m with { DType = dtype }).ToArray();
        using var whole = new FusedTrainer(members, data, slices: 1);
        using var sliced = new FusedTrainer(members, data, slices: slices);

        for (var epoch = 1; epoch <= 2; epoch++)
        {
            var expected = whole.RunEpoch();
            var actual = sliced.RunEpoch();
            for (var k = 0; k < members.Length; k++)
            {
                var (e, a) = (expected[k]!, actual[k]!);
                Assert.Equal((e.TrainLoss, e.TrainAccuracy, e.TestLoss, e.TestAccuracy), (a.TrainLoss, a.TrainAccuracy, a.TestLoss, a.TestAccuracy));
            }
        }
        for (var k = 0; k < members.Length; k++)
        {
            Assert.Equal(whole.WeightNorm(k), sliced.WeightNorm(k));
            using var a = new MemoryStream();
            using var b = new MemoryStream();
            whole.SaveMemberCheckpoint(k, a);
            sliced.SaveMemberCheckpoint(k, b);
            Assert.True(a.ToArray().SequenceEqual(b.ToArray()), $"member {k}: the checkpoints differ");
        }
    }

    [Fact]
    public void A_member_masked_mid_run_stays_as_it_was_in_its_slice()
    {
        using var data = FusedFixtures.Float64Data();
        var members = FusedFixtures.Members(epochs: 3);
        using var whole = new FusedTrainer(members, data, slices: 1);
        using var sliced = new FusedTrainer(members, data, slices: 3);
        whole.RunEpoch();
        sliced.RunEpoch();
        whole.Mask(1, "stopped");
        sliced.Mask(1, "stopped");
        var norm = sliced.WeightNorm(1);

        var expected = whole.RunEpoch();
        var actual = sliced.RunEpoch();

        Assert.Null(actual[1]);
        Assert.Equal(norm, sliced.WeightNorm(1));
        Assert.Equal(expected[0]!.TestLoss, actual[0]!.TestLoss);
        Assert.Equal(expected[2]!.TestLoss, actual[2]!.TestLoss);
    }
}
