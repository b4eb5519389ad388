namespace TurtleHarbor.Core.Native;

/// <summary>The file type bits of st_mode (S_IFMT, inode(7)); the values agree on Linux and macOS.</summary>
internal enum FileKind
{
    Other = 0,
    Fifo = 0x1000,
    CharacterDevice = 0x2000,
    Directory = 0x4000,
    BlockDevice = 0x6000,
    Regular = 0x8000,
    Symlink = 0xA000,
    Socket = 0xC000,
}
