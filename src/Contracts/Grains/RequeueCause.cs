namespace SweepGrid.Contracts.Grains;

/// <summary>Why a running trial goes back to the queue.</summary>
[GenerateSerializer]
public enum RequeueCause
{
    /// <summary>The slot hands it back (its silo is stopping, or a transient fault): not counted against the trial.</summary>
    HandBack,

    /// <summary>Its silo died or its slot went silent: counted toward <c>resources.max_silo_deaths</c>.</summary>
    SiloLost,
}
