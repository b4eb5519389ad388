using System.CommandLine;

var root = new RootCommand("Turtle Harbor: a small, fast process supervisor");
return root.Parse(args).Invoke();
