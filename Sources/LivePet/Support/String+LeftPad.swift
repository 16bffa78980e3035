extension String {
    package func leftPad(_ width: Int) -> String {
        String(repeating: " ", count: max(0, width - count)) + self
    }
}
