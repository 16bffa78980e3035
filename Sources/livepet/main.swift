import Foundation
import LivePet

// Everything runs in the library, off the main actor.
let status = await LivePetMain.run(
    arguments: Array(CommandLine.arguments.dropFirst()),
    environment: ProcessInfo.processInfo.environment
)
exit(status)
