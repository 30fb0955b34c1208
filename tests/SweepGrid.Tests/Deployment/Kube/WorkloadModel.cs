namespace SweepGrid.Tests.Deployment.Kube;

/// <summary>An object that runs pods from a template.</summary>
internal abstract class Workload : KubeObject
{
    public abstract PodTemplate Template { get; }

    /// <summary>The selector a controller uses for its pods (a Job generates its own when none is given).</summary>
    public abstract LabelSelector? PodSelector { get; }
}

internal sealed class StatefulSet : Workload
{
    public StatefulSetSpec Spec { get; set; } = new();

    public override PodTemplate Template => Spec.Template;

    public override LabelSelector? PodSelector => Spec.Selector;
}

internal sealed class StatefulSetSpec
{
    public string ServiceName { get; set; } = "";

    public int? Replicas { get; set; }

    public string? PodManagementPolicy { get; set; }

    public LabelSelector Selector { get; set; } = new();

    public PodTemplate Template { get; set; } = new();

    public List<PersistentVolumeClaimTemplate>? VolumeClaimTemplates { get; set; }
}

internal sealed class PersistentVolumeClaimTemplate
{
    public ObjectMeta Metadata { get; set; } = new();

    public PersistentVolumeClaimSpec Spec { get; set; } = new();
}

internal sealed class PersistentVolumeClaimSpec
{
    public List<string> AccessModes { get; set; } = [];

    public string? StorageClassName { get; set; }

    public ResourceRequirements Resources { get; set; } = new();
}

internal sealed class Job : Workload
{
    public JobSpec Spec { get; set; } = new();

    public override PodTemplate Template => Spec.Template;

    public override LabelSelector? PodSelector => Spec.Selector;
}

internal sealed class JobSpec
{
    public int? BackoffLimit { get; set; }

    public long? ActiveDeadlineSeconds { get; set; }

    public int? TtlSecondsAfterFinished { get; set; }

    public LabelSelector? Selector { get; set; }

    public PodTemplate Template { get; set; } = new();
}

internal sealed class PodTemplate
{
    public ObjectMeta Metadata { get; set; } = new();

    public PodSpec Spec { get; set; } = new();
}

internal sealed class PodDisruptionBudget : KubeObject
{
    public PodDisruptionBudgetSpec Spec { get; set; } = new();
}

internal sealed class PodDisruptionBudgetSpec
{
    /// <summary>A number or a percentage (int-or-string).</summary>
    public string? MinAvailable { get; set; }

    public string? MaxUnavailable { get; set; }

    public LabelSelector Selector { get; set; } = new();
}
