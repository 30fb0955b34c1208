namespace SweepGrid.Trainer.Model;

/// <summary>Hidden-layer nonlinearity of the MLP.</summary>
public enum ActivationKind
{
    Relu,
    Tanh,
    Sigmoid,
}
