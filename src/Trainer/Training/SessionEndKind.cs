namespace SweepGrid.Trainer.Training;

public enum SessionEndKind
{
    /// <summary>Trained every epoch.</summary>
    Completed,

    /// <summary>An epoch's loss was not finite; the message says which and what the losses were.</summary>
    Diverged,

    /// <summary>The host cancelled this member before an epoch.</summary>
    Cancelled,

    /// <summary>The host's verdict on an epoch was Stop or Discard.</summary>
    Stopped,

    /// <summary>The host's epoch callback or checkpoint save threw.</summary>
    Failed,
}
