"""The old name of `kiwi_term.orchestrator.credentials` (API keys), kept for its importers.

Import `kiwi_term.orchestrator.credentials` instead: `keys` also names the UI's key bindings.
"""

from kiwi_term.orchestrator.credentials import (
    FILE_NAME,
    PASSPHRASE_ENV,
    SERVICE,
    EncryptedFileKeyring,
    KeyLocked,
    KeyStore,
    check_provider_name,
    delete_key,
    get_key,
    key_file,
    key_store,
    os_keyring,
    set_key,
    stored_providers,
    unlock,
)

__all__ = [
    "FILE_NAME",
    "PASSPHRASE_ENV",
    "SERVICE",
    "EncryptedFileKeyring",
    "KeyLocked",
    "KeyStore",
    "check_provider_name",
    "delete_key",
    "get_key",
    "key_file",
    "key_store",
    "os_keyring",
    "set_key",
    "stored_providers",
    "unlock",
]
