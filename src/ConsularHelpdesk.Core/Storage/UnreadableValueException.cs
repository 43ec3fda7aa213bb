namespace ConsularHelpdesk.Storage;

/// <summary>A protected value that cannot be decrypted (<see cref="FieldCipher.Unprotect"/>): its message holds no part of the value.</summary>
internal sealed class UnreadableValueException(string message, Exception? inner = null) : Exception(message, inner);
