using System.Text.RegularExpressions;
using Npgsql;
using SweepGrid.Tests.Deployment.Kube;
using Xunit;

namespace SweepGrid.Tests.Deployment;

/// <summary>
/// Who holds which database credential on Kubernetes: no committed manifest carries a password; the migrate Job
/// alone logs in as the schema owner; silos use the silo role; clients need no database access at all.
/// </summary>
public sealed partial class DatabaseCredentialsTests
{
    public static TheoryData<string> Deployables => new(Kustomize.Deployable);

    public static TheoryData<string> SiloDeployments => new(Kustomize.SiloDeployments);

    [Theory]
    [MemberData(nameof(Deployables))]
    public async Task No_rendered_manifest_carries_a_password(string directory)
    {
        var render = await Kustomize.RenderAsync(directory);
        var problems = new List<string>();
        problems.AddRange(render.All<Secret>().Select(s => $"{s.Id} is rendered (the user creates it)"));
        problems.AddRange(render.All<ConfigMap>()
            .SelectMany(m => (m.Data ?? []).Where(d => PasswordSetting().IsMatch(d.Value)).Select(d => $"{m.Id} key {d.Key} holds a password")));
        foreach (var (at, _, container) in KubernetesManifestTests.Containers(render))
        {
            var fromSecrets = (container.Env ?? []).Where(e => e.ValueFrom?.SecretKeyRef is not null).Select(e => e.Name).ToHashSet();
            foreach (var env in container.Env ?? [])
            {
                if (env.Name.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase) && env.ValueFrom?.SecretKeyRef is null)
                {
                    problems.Add($"{at}: {env.Name} does not come from a Secret");
                }

                // In a value, a password may only be a reference to a variable that comes from a Secret.
                foreach (Match setting in PasswordSetting().Matches(env.Value ?? ""))
                {
                    if (Reference().Match(setting.Groups[1].Value) is not { Success: true } reference || !fromSecrets.Contains(reference.Groups[1].Value))
                    {
                        problems.Add($"{at}: {env.Name} has a literal password '{setting.Value}'");
                    }
                }
            }
        }

        Assert.DoesNotContain("sweepgrid-dev-only", render.Yaml, StringComparison.Ordinal);
        Assert.Empty(problems);
    }

    [Fact]
    public async Task The_base_reads_only_the_two_passwords_of_the_user_secret_and_only_migrate_and_postgres_read_the_owners()
    {
        var render = await Kustomize.RenderAsync("base");
        var references = render.Workloads
            .SelectMany(w => w.Template.Spec.AllContainers.SelectMany(c => (c.Env ?? [])
                .Where(e => e.ValueFrom?.SecretKeyRef is not null)
                .Select(e => (Workload: w.Metadata.Name, Secret: e.ValueFrom!.SecretKeyRef!.Name, e.ValueFrom.SecretKeyRef.Key, e.ValueFrom.SecretKeyRef.Optional))))
            .ToList();
        var optional = references.Where(r => r.Optional == true).ToList();
        references = [.. references.Where(r => r.Optional != true)];

        // Besides the passwords, only the optional client token, and only the silos read it.
        Assert.Equal([("sweepgrid-silo", "sweepgrid-client", "token")], optional.Select(r => (r.Workload, r.Secret, r.Key)));
        Assert.Equal([UserSecret.Name], references.Select(r => r.Secret).Distinct());
        Assert.Equal([UserSecret.OwnerPassword, UserSecret.SiloPassword], references.Select(r => r.Key).Distinct().Order());
        Assert.Equal(["sweepgrid-migrate", "sweepgrid-postgres"], references.Where(r => r.Key == UserSecret.OwnerPassword).Select(r => r.Workload).Distinct().Order());
        Assert.Equal(["sweepgrid-migrate", "sweepgrid-silo"], references.Where(r => r.Key == UserSecret.SiloPassword).Select(r => r.Workload).Distinct().Order());
    }

    [Theory]
    [MemberData(nameof(SiloDeployments))]
    public async Task Migrate_job_applies_the_schema_as_the_owner_and_grants_the_silo_role(string directory)
    {
        var render = await Kustomize.RenderAsync(directory);
        var job = render.Single<Job>("sweepgrid-migrate");
        var migrate = Assert.Single(job.Template.Spec.Containers);
        var settings = DatabaseSettings.Of(render);
        var env = settings.Resolve(migrate);
        var owner = new NpgsqlConnectionStringBuilder(env["SweepGrid__Migrate__ConnectionString"]);
        var silo = new NpgsqlConnectionStringBuilder(settings.Resolve(render.SiloContainer)["SweepGrid__PostgresConnectionString"]);
        var postgres = settings.Resolve(render.Single<StatefulSet>("sweepgrid-postgres").Template.Spec.Containers.Single());

        Assert.Equal(render.SiloContainer.Image, migrate.Image);
        Assert.Equal(["migrate"], migrate.Args);
        Assert.Null(migrate.Command);
        Assert.Equal((postgres["POSTGRES_USER"], DatabaseSettings.SecretValue(UserSecret.OwnerPassword)), (owner.Username, owner.Password));
        Assert.Equal((silo.Host, silo.Port, silo.Database, silo.SslMode), (owner.Host, owner.Port, owner.Database, owner.SslMode));
        Assert.Equal(postgres["POSTGRES_DB"], owner.Database);
        Assert.Equal(silo.Username, env["SweepGrid__Migrate__SiloRole"]);
        Assert.Equal(DatabaseSettings.SecretValue(UserSecret.SiloPassword), env["SweepGrid__Migrate__SiloPassword"]);
        Assert.NotEqual(owner.Username, silo.Username);
        Assert.Equal("OnFailure", job.Template.Spec.RestartPolicy);
        Assert.True(job.Spec.BackoffLimit > 0, "a first deployment's migrate retries until the database is up");
    }

    [Fact]
    public async Task The_database_admits_the_silos_and_the_migrate_job_but_not_clients()
    {
        var render = await Kustomize.RenderAsync("base");
        var submit = (await Kustomize.RenderAsync("submit")).Single<Job>("sweepgrid-submit");
        var policy = render.Single<NetworkPolicy>("sweepgrid-postgres");
        var peers = (policy.Spec.Ingress ?? []).SelectMany(r => r.From ?? []).ToList();

        bool Admits(Workload w) => peers.Any(p => p.PodSelector?.Matches(w.Template.Metadata.Labels) == true && p.NamespaceSelector is null);

        Assert.True(policy.Spec.PodSelector.Matches(render.Single<StatefulSet>("sweepgrid-postgres").Template.Metadata.Labels), "the policy selects the database");
        Assert.True(Admits(render.Silo), "silos reach the database");
        Assert.True(Admits(render.Single<Job>("sweepgrid-migrate")), "the migrate Job reaches the database");
        Assert.False(Admits(submit), "the submit Job does not reach the database");
    }

    [Theory]
    [InlineData("overlays/cpu-dev")]
    [InlineData("overlays/gpu")]
    public async Task A_secret_generator_overlay_as_documented_supplies_every_secret_the_deployment_reads(string overlay)
    {
        var render = await UserSecret.RenderGeneratorOverlayAsync(overlay, "owner-pw-1", "silo-pw-2");
        var secret = Assert.Single(render.All<Secret>());
        var silo = DatabaseSettings.Of(render).Resolve(render.SiloContainer, secret: key => key.Name == secret.Metadata.Name
            ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(secret.Data![key.Key]))
            : throw new NotSupportedException($"Secret {key.Name} is not the generated one"));

        // No context: the generated Secret alone must satisfy every reference.
        Assert.Empty(KubeSchema.Validate(render));
        Assert.StartsWith($"{UserSecret.Name}-", secret.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal(KubeSchema.Namespace, secret.Metadata.Namespace);
        Assert.Equal([UserSecret.OwnerPassword, UserSecret.SiloPassword], secret.Data!.Keys.Order());
        Assert.Equal("silo-pw-2", new NpgsqlConnectionStringBuilder(silo["SweepGrid__PostgresConnectionString"]).Password);
        Assert.Contains("/k8s/overlays/local/", Repository.ReadText(".gitignore").Split('\n'));
    }

    [GeneratedRegex(@"(?i)\b(?:password|pwd|psw)\s*=\s*([^;]*)")]
    private static partial Regex PasswordSetting();

    [GeneratedRegex(@"^\$\(([-._a-zA-Z][-._a-zA-Z0-9]*)\)$")]
    private static partial Regex Reference();
}
