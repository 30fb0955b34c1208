namespace SweepGrid.Silo.Security;

/// <summary>A TLS file is missing, unreadable or not what it should be; the message names the file.</summary>
public sealed class TlsConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
