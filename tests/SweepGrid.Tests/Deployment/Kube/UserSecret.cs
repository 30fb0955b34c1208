namespace SweepGrid.Tests.Deployment.Kube;

/// <summary>
/// The Secret a user creates before deploying (k8s/base/kustomization.yaml and the README's "Database roles" say
/// how). No committed kustomization renders it, so that no rendered manifest carries a password.
/// </summary>
internal static class UserSecret
{
    public const string Name = "sweepgrid-postgres";
    public const string OwnerPassword = "owner-password";
    public const string SiloPassword = "silo-password";

    /// <summary>Its keys without values: what reference checks of a render need to know it by.</summary>
    public static Secret StandIn => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new ObjectMeta { Name = Name, Namespace = KubeSchema.Namespace },
        Data = new Dictionary<string, string> { [OwnerPassword] = "", [SiloPassword] = "" },
    };

    /// <summary>
    /// The README's second way, verbatim in substance: an overlay of one's own next to a git-ignored env file, with a
    /// secretGenerator, on top of <paramref name="overlay"/>. Rendered from a temporary directory.
    /// </summary>
    public static async Task<Rendered> RenderGeneratorOverlayAsync(string overlay, string ownerPassword, string siloPassword)
    {
        var directory = Directory.CreateTempSubdirectory("sweepgrid-local-overlay-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "postgres.env"), $"{OwnerPassword}={ownerPassword}\n{SiloPassword}={siloPassword}\n");
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "kustomization.yaml"), $"""
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: sweepgrid
                resources:
                  - {Path.GetRelativePath(directory.FullName, Repository.PathOf("k8s", overlay))}
                secretGenerator:
                  - name: {Name}
                    envs: [postgres.env]
                """);
            return await Kustomize.RenderPathAsync(directory.FullName, $"a local overlay of {overlay}");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
