namespace SweepGrid.Tests.Deployment.Kube;

/// <summary>The objects one kustomization renders to.</summary>
internal sealed record Rendered(string Directory, string Yaml, IReadOnlyList<KubeObject> Objects)
{
    public IEnumerable<T> All<T>()
        where T : KubeObject => Objects.OfType<T>();

    public T Single<T>(string name)
        where T : KubeObject =>
        All<T>().SingleOrDefault(o => o.Metadata.Name == name)
        ?? throw new InvalidOperationException($"{Directory} renders no {typeof(T).Name} named {name}; it renders: {string.Join(", ", Objects.Select(o => o.Id))}.");

    public IEnumerable<Workload> Workloads => All<Workload>();

    public StatefulSet Silo => Single<StatefulSet>("sweepgrid-silo");

    public Container SiloContainer => Silo.Template.Spec.Containers.Single(c => c.Name == "silo");
}
