namespace SweepGrid.Trainer.Model;

/// <summary>Training objective on the network's C outputs and the class target (one-hot where a vector is needed).</summary>
public enum LossKind
{
    CrossEntropy,
    Hinge,
    L1,
    Huber,
    L2,
    Cosine,
}
