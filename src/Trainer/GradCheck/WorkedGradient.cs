namespace SweepGrid.Trainer.GradCheck;

/// <summary>One parameter of the <see cref="WorkedExample"/>: its value, ∂L/∂p both ways, and its value after the SGD step.</summary>
/// <param name="Parameter">v1, v2, or wij (input i to hidden unit j).</param>
/// <param name="Value">Before the step.</param>
/// <param name="Hand">∂L/∂p by the chain rule written out in scalar arithmetic.</param>
/// <param name="Autograd">∂L/∂p from libtorch autograd (float64).</param>
/// <param name="Updated">After one step of the project's <see cref="Optim.Sgd"/> (no momentum, no decay) on the autograd gradient.</param>
public sealed record WorkedGradient(string Parameter, double Value, double Hand, double Autograd, double Updated);
