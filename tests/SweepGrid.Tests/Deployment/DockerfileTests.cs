using System.Text.RegularExpressions;
using Xunit;
using static SweepGrid.Tests.Deployment.YamlTree;

namespace SweepGrid.Tests.Deployment;

/// <summary>docker/Dockerfile and .dockerignore, read statically (no Docker engine here to build them).</summary>
public sealed partial class DockerfileTests
{
    private static readonly Dockerfile Docker = Dockerfile.Load(Repository.ReadText("docker", "Dockerfile"));
    private static readonly DockerIgnore Ignore = DockerIgnore.Load(Repository.ReadText(".dockerignore"));
    private static readonly string[] RuntimeStages = ["silo", "client"];

    [Fact]
    public void Every_stage_starts_from_a_pinned_dotnet_10_ubuntu_noble_image_or_an_earlier_stage()
    {
        var stages = Docker.BaseImages.Keys.ToList();

        Assert.Equal(["build", "publish-silo", "publish-client", "silo", "client"], stages);
        Assert.All(Docker.BaseImages, stage =>
        {
            var earlier = stages.TakeWhile(s => s != stage.Key).Contains(stage.Value);
            Assert.True(earlier || PinnedDotnetNoble().IsMatch(stage.Value), $"stage {stage.Key} starts from {stage.Value}");
        });
        Assert.Matches("^mcr\\.microsoft\\.com/dotnet/sdk:", Docker.BaseImages["build"]);
        // The silo program serves HTTP; the CLI carries no ASP.NET Core (ClientDependencyTests), so the plain runtime.
        Assert.Matches("^mcr\\.microsoft\\.com/dotnet/aspnet:", Docker.BaseImages["silo"]);
        Assert.Matches("^mcr\\.microsoft\\.com/dotnet/runtime:", Docker.BaseImages["client"]);
    }

    [Fact]
    public void Runtime_images_run_as_the_non_root_app_user_with_an_exec_form_entrypoint()
    {
        Assert.All(RuntimeStages, stage =>
        {
            Assert.Equal("$APP_UID", Docker.In(stage).Last(i => i.Keyword == "USER").Arguments);
            Assert.StartsWith("[\"dotnet\", \"/app/", Docker.In(stage).Single(i => i.Keyword == "ENTRYPOINT").Arguments, StringComparison.Ordinal);
        });
        Assert.Equal("[\"dotnet\", \"/app/SweepGrid.SiloHost.dll\"]", Docker.In("silo").Single(i => i.Keyword == "ENTRYPOINT").Arguments);
        Assert.Equal("[\"dotnet\", \"/app/sweepgrid.dll\"]", Docker.In("client").Single(i => i.Keyword == "ENTRYPOINT").Arguments);
    }

    [Fact]
    public void Torch_backend_build_argument_defaults_to_cpu_and_reaches_every_restore_and_publish()
    {
        var dotnet = Docker.Instructions.Where(i => i.Keyword == "RUN" && DotnetRestoreOrPublish().IsMatch(i.Arguments)).ToList();

        Assert.Contains(Docker.In("build"), i => i is { Keyword: "ARG", Arguments: "TORCH_BACKEND=cpu" });
        Assert.Equal(4, dotnet.Count);
        Assert.All(dotnet, i => Assert.Contains("-p:TorchBackend=$TORCH_BACKEND", i.Arguments, StringComparison.Ordinal));
    }

    [Fact]
    public void Silo_image_checks_health_with_the_bundled_script()
    {
        var silo = Docker.In("silo").ToList();

        Assert.Contains(silo, i => i is { Keyword: "COPY", Arguments: "docker/healthcheck.sh /usr/local/bin/sweepgrid-healthcheck" });
        Assert.Contains(silo, i => i.Keyword == "RUN" && i.Arguments.StartsWith("chmod 0755 /usr/local/bin/sweepgrid-healthcheck ", StringComparison.Ordinal));
        Assert.EndsWith("CMD [\"sweepgrid-healthcheck\", \"/health\"]", silo.Single(i => i.Keyword == "HEALTHCHECK").Arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_path_the_dockerfile_copies_exists_and_is_in_the_build_context()
    {
        var sources = Docker.Instructions
            .Where(i => i.Keyword == "COPY" && !i.Arguments.Contains("--from=", StringComparison.Ordinal))
            .SelectMany(i => i.Arguments.Split(' ').Where(a => !a.StartsWith("--", StringComparison.Ordinal)).SkipLast(1))
            .ToList();

        Assert.NotEmpty(sources);
        Assert.All(sources, s => Assert.True(Path.Exists(Repository.PathOf(s)), $"{s} does not exist"));
        Assert.All(sources, s => Assert.False(Ignore.Excludes(s), $"{s} is excluded by .dockerignore"));
    }

    [Theory]
    [InlineData(".git/HEAD", true)]
    [InlineData("src/SiloHost/bin/Release/net10.0/SweepGrid.SiloHost.dll", true)]
    [InlineData("src/Trainer/obj/project.assets.json", true)]
    [InlineData("tests/data/mnist/t10k-images-idx3-ubyte.gz", true)]
    [InlineData("runs/fashion-weight-decay/metrics.json", true)]
    [InlineData(".env", true)]
    [InlineData("src/SiloHost/Program.cs", false)]
    [InlineData("src/Silo/Storage/PostgreSql/10-Clustering.sql", false)]
    [InlineData("Directory.Packages.props", false)]
    [InlineData("docker/healthcheck.sh", false)]
    public void Build_context_leaves_out_build_outputs_tests_and_local_state(string path, bool excluded) =>
        Assert.Equal(excluded, Ignore.Excludes(path));

    [Fact]
    public async Task Compose_builds_targets_that_the_dockerfile_defines()
    {
        var config = await ComposeCli.RenderAsync(["docker-compose.yml"], "sweep");
        var built = Keys(config, "services").Where(s => At(config, "services", s, "build") is not null).ToList();

        Assert.Equal(["certs", "migrate", "silo-1", "silo-2", "sweep"], built.Order());
        Assert.All(built, s =>
        {
            Assert.Equal("docker/Dockerfile", Text(config, "services", s, "build", "dockerfile"));
            Assert.Equal(Repository.Root, Text(config, "services", s, "build", "context"));
            Assert.Contains(Text(config, "services", s, "build", "target"), RuntimeStages);
        });
    }

    [GeneratedRegex("^mcr\\.microsoft\\.com/dotnet/(sdk|aspnet|runtime):10\\.0\\.[0-9]+-noble$")]
    private static partial Regex PinnedDotnetNoble();

    [GeneratedRegex("dotnet (restore|publish)")]
    private static partial Regex DotnetRestoreOrPublish();
}
