using System.Diagnostics;
using SweepGrid.Contracts.Spec;
using Xunit;

namespace SweepGrid.Tests.Spec;

/// <summary>
/// Seeded random mutations of the shipped example specs: the parser either accepts a spec or refuses it with
/// problems that each name a path — never another exception — and every case is quick.
/// </summary>
public sealed class SpecMutationTests
{
    private const string Alphabet = "[]{}:,&*!|>-?#'\"\n\t %@`\\0123456789.eE+abc";

    [Fact]
    public void Thousands_of_mutated_specs_are_accepted_or_refused_with_paths_never_crashing_and_in_bounded_time()
    {
        var examples = Directory.GetFiles(Path.Combine(Testing.RepositoryLayout.Root, "examples"), "*.yaml").Select(File.ReadAllText).ToArray();
        var random = new Random(20261201);
        var slowest = TimeSpan.Zero;
        var (accepted, refused) = (0, 0);
        for (var i = 0; i < 20_000; i++)
        {
            var yaml = Mutate(examples[random.Next(examples.Length)], random, 1 + random.Next(4));
            var clock = Stopwatch.StartNew();
            try
            {
                SpecParser.Parse(yaml, "mutated.yaml");
                accepted++;
            }
            catch (SpecException e)
            {
                refused++;
                Assert.All(e.Problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Path), $"case {i}: a problem without a path: {p}\n{yaml}"));
            }
            catch (Exception e)
            {
                Assert.Fail($"case {i}: {e.GetType().Name}: {e.Message}\n--- spec ---\n{yaml}");
            }
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
        }

        Assert.True(refused > 4_000 && accepted > 400, $"mutations too mild or too wild: {accepted} accepted, {refused} refused");
        Assert.True(slowest < TimeSpan.FromSeconds(2), $"slowest case took {slowest.TotalMilliseconds:F0} ms");
    }

    private static string Mutate(string yaml, Random random, int edits)
    {
        var chars = yaml.ToList();
        for (var k = 0; k < edits && chars.Count > 0; k++)
        {
            var at = random.Next(chars.Count);
            switch (random.Next(5))
            {
                case 0:
                    chars.RemoveAt(at);
                    break;
                case 1:
                    chars.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                    break;
                case 2:
                    chars[at] = Alphabet[random.Next(Alphabet.Length)];
                    break;
                case 3:
                    // Repeat a slice: duplicated keys, deeper nesting, longer lists.
                    var length = Math.Min(random.Next(1, 40), chars.Count - at);
                    chars.InsertRange(at, chars.GetRange(at, length));
                    break;
                default:
                    chars.InsertRange(at, new string(random.Next(2) == 0 ? '[' : '{', random.Next(1, 60)));
                    break;
            }
        }
        return new string([.. chars]);
    }
}
