using SweepGrid.Trainer.Model;
using SweepGrid.Trainer.Optim;
using SweepGrid.Trainer.Training;
using static TorchSharp.torch;

namespace SweepGrid.Trainer.Fused;

/// <summary>
/// Converts one member of a fused group to and from the unfused checkpoint format. Rather than a second
/// writer, the member is copied into a real <see cref="Mlp"/> and <see cref="Sgd"/> and those go through
/// <see cref="Checkpoint"/>: the bytes are then by construction what <see cref="TrialTrainer"/> writes and
/// reads (parameter names, transposed weight layout, momentum present only once SGD has stepped).
/// </summary>
internal static class MemberCheckpoint
{
    public static void Save(Stream stream, TrialConfig config, DeviceData data, FusedMlp fused, FusedSgd optimizer, int member, int epoch, bool momentumStarted)
    {
        using var model = NewModel(config, data);
        using var sgd = new Sgd(model.parameters(), config.LearningRate, config.Momentum, config.Nesterov, config.WeightDecay);
        fused.CopyMemberTo(member, model);
        // torch.optim.SGD keeps no buffer without momentum, nor before its first step; neither does Sgd.
        if (config.Momentum != 0 && momentumStarted)
        {
            using var scope = NewDisposeScope();
            var buffers = new Tensor?[optimizer.MomentumBuffers.Count];
            for (var i = 0; i < buffers.Length; i++)
            {
                buffers[i] = Unstack(optimizer.MomentumBuffers[i][member], isWeight: i % 2 == 0);
            }
            sgd.LoadMomentum(buffers);
        }
        Checkpoint.Write(stream, TrialTrainer.Fingerprint(config), epoch, model, sgd);
    }

    /// <summary>Loads an unfused checkpoint into member <paramref name="member"/>; returns its epoch and whether it carried momentum.</summary>
    public static (int Epoch, bool MomentumStarted) Load(Stream stream, string origin, TrialConfig config, DeviceData data, FusedMlp fused, FusedSgd optimizer, int member)
    {
        using var model = NewModel(config, data);
        using var sgd = new Sgd(model.parameters(), config.LearningRate, config.Momentum, config.Nesterov, config.WeightDecay);
        var epoch = Checkpoint.Read(stream, origin, TrialTrainer.Fingerprint(config), model, sgd);
        fused.CopyMemberFrom(member, model);
        var started = false;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        for (var i = 0; i < optimizer.MomentumBuffers.Count; i++)
        {
            var slot = optimizer.MomentumBuffers[i][member];
            var stored = sgd.MomentumBuffers[i];
            if (stored is null)
            {
                // Zero is the "not started" state of the fused buffers: b ← μ·0 + g = g on the next step.
                slot.zero_();
            }
            else
            {
                slot.copy_(i % 2 == 0 ? stored.t() : stored.unsqueeze(0));
                started = true;
            }
        }
        return (epoch, started);
    }

    private static Mlp NewModel(TrialConfig config, DeviceData data) =>
        new(data.Dataset.Features, config.Hidden, data.Dataset.Classes, config.Activation, config.Seed, config.DType, data.Device);

    /// <summary>A member's slice of a stacked tensor in <see cref="Mlp"/>'s layout: weight [in, out] → [out, in], bias [1, out] → [out].</summary>
    private static Tensor Unstack(Tensor slice, bool isWeight) =>
        isWeight ? slice.t().contiguous().clone() : slice.squeeze(0).clone();
}
