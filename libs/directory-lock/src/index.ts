export { lockDirectory, DirectoryInUseError, type DirectoryLock } from './directory-lock.js';
