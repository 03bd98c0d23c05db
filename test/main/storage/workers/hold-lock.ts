// Child process for the lock test: takes the data folder's lock, says "locked", and waits to be killed.
import { lockDataFolder } from '../../../../src-main/storage/folder-lock';

lockDataFolder(process.argv[2]!);
process.stdout.write('locked\n');
setInterval(() => {}, 60_000);
