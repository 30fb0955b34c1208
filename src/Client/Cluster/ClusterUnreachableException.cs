namespace SweepGrid.Client.Cluster;

/// <summary>The CLI could not connect to the cluster in time; the message says where it tried.</summary>
public sealed class ClusterUnreachableException(string message) : Exception(message);
