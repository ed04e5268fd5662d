/// Union–find over record positions where every set's representative is its smallest member,
/// i.e. the first record of a cluster, the one that is kept.
public struct DisjointSet: Sendable {
    private var parent: [Int32] = []

    public init() {}

    public var count: Int { parent.count }

    /// Adds a singleton set and returns its element.
    @discardableResult
    public mutating func add() -> Int {
        parent.append(Int32(parent.count))
        return parent.count - 1
    }

    /// The representative (smallest member) of `element`'s set.
    public mutating func find(_ element: Int) -> Int {
        var current = Int32(element)
        while parent[Int(current)] != current {
            let grandparent = parent[Int(parent[Int(current)])]
            parent[Int(current)] = grandparent
            current = grandparent
        }
        return Int(current)
    }

    public mutating func union(_ a: Int, _ b: Int) {
        let rootA = find(a), rootB = find(b)
        guard rootA != rootB else { return }
        if rootA < rootB { parent[rootB] = Int32(rootA) } else { parent[rootA] = Int32(rootB) }
    }
}
